package io.signalbox.haproxy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HAProxy in master-worker mode ({@code -W -db -S <socket>}): started (or adopted from an earlier daemon),
 * reloaded through the master CLI, watched, and stopped. The master keeps its pid across reloads (it re-executes
 * itself) and hands the listening sockets to each new worker, so a reload refuses no connection.
 *
 * <p>It does not depend on the JVM: its output goes to a log file beside its pid file, which we follow, and nothing
 * kills it when the JVM dies, so a daemon killed with SIGKILL leaves it serving and the next daemon adopts it
 * ({@link HaproxyAdoption}). start, reload and stop are serialised; the exit callback runs on a watcher thread.
 */
public final class HaproxyProcess {

    private static final Logger log = LoggerFactory.getLogger(HaproxyProcess.class);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TERM_WAIT = Duration.ofSeconds(5);
    private static final long LOG_CAP = 1024 * 1024;

    private final HaproxyOptions options;
    private final ProcessRunner runner;
    private final UnixSocketCli master;
    private final OutputTail output = new OutputTail(200);
    private volatile LiveProcess process;
    /** The master as our child, for its exit code; null when adopted. */
    private volatile Process child;
    private volatile LogFollower follower;
    private volatile boolean stopRequested;
    private volatile IntConsumer exitCallback = code -> { };

    public HaproxyProcess(HaproxyOptions options, ProcessRunner runner) {
        this.options = options;
        this.runner = runner;
        this.master = new UnixSocketCli(options.masterSocket(), CLI_TIMEOUT);
    }

    public HaproxyProcess(HaproxyOptions options) {
        this(options, new ProcessRunner());
    }

    /** A master an earlier daemon started, already checked by {@link HaproxyAdoption}: watched from now on. */
    HaproxyProcess(HaproxyOptions options, ProcessRunner runner, LiveProcess adopted) {
        this(options, runner);
        process = adopted;
        follower = new LogFollower(options.logFile(), LOG_CAP, this::outputLine);
        adopted.onExit().thenAccept(p -> exited(p, -1));
    }

    /** Launches HAProxy and returns once the master answers on its socket and lists a worker. */
    public synchronized void start(Duration timeout) throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("HAProxy already runs as pid " + process.pid());
        }
        // Leftovers of an earlier run would make the readiness check below talk to nothing, or to the past.
        Files.deleteIfExists(options.masterSocket());
        Files.deleteIfExists(options.pidFile());
        Files.write(options.logFile(), new byte[0]);
        stopRequested = false;
        closeFollower();
        follower = new LogFollower(options.logFile(), LOG_CAP, this::outputLine);
        long mark = output.mark();
        Process started = runner.startDetached(command(), options.env(), options.logFile());
        child = started;
        process = LiveProcess.of(started.pid()).orElse(new LiveProcess(started.pid(), -1));

        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                follower.read(); // its last words are what the operator needs
                closeFollower();
                throw new HaproxyStartException("HAProxy exited with code " + started.exitValue() + " during start",
                        output.since(mark));
            }
            if (hasWorker()) {
                log.info("HAProxy master {} is up with workers {}", started.pid(), workerPids());
                // watched only from here: an exit during start is the caller's exception, not a crash to report
                LiveProcess watched = process;
                started.onExit().thenAccept(p -> exited(watched, p.exitValue()));
                return;
            }
            sleep(POLL);
        }
        stop(Duration.ZERO);
        throw new HaproxyStartException("HAProxy was not ready within " + timeout, output.since(mark));
    }
    /**
     * Makes the master reload the configuration file. On 2.6 the master CLI's {@code reload} answers nothing (the
     * master re-executes itself and drops the connection), so success is a new current worker in {@code show proc},
     * and failure is the master's failed-reload counter going up, the master dying, or the timeout.
     */
    public synchronized ReloadResult reload(Duration timeout) throws InterruptedException {
        long startNanos = System.nanoTime();
        long deadline = startNanos + timeout.toNanos();
        if (!isRunning()) {
            return new ReloadResult(false, Duration.ZERO, "HAProxy is not running");
        }
        long mark = output.mark();
        MasterProcessList before;
        try {
            before = answeredShowProc(deadline);
        } catch (IOException e) {
            return new ReloadResult(false, since(startNanos), "master CLI unreachable: " + e.getMessage());
        }
        try {
            master.send("reload");
        } catch (IOException e) {
            // the master may drop the connection as it re-executes; show proc below tells what happened
            log.debug("no clean reply to reload: {}", e.toString());
        }
        while (System.nanoTime() < deadline) {
            sleep(POLL);
            if (!isRunning()) {
                return new ReloadResult(false, since(startNanos), "HAProxy exited during reload: " + alerts(mark));
            }
            MasterProcessList now;
            try {
                now = showProc();
            } catch (IOException notBackYet) {
                continue; // the socket is briefly gone while the master re-executes
            }
            if (now.failedReloads() > before.failedReloads()) {
                return new ReloadResult(false, since(startNanos), "new configuration not loaded: " + alerts(mark));
            }
            List<Long> fresh = now.workers().stream().filter(pid -> !before.workers().contains(pid)).toList();
            if (!fresh.isEmpty()) {
                return new ReloadResult(true, since(startNanos), "new worker " + fresh.get(0));
            }
        }
        return new ReloadResult(false, since(startNanos), "no new worker within " + timeout + ": " + alerts(mark));
    }

    /**
     * {@code show proc}, asked again until the master answers or the deadline: a master busy with a reload someone
     * else asked for answers once it runs again, and a reload of ours then follows that one.
     */
    private MasterProcessList answeredShowProc(long deadline) throws IOException, InterruptedException {
        while (true) {
            try {
                return showProc();
            } catch (IOException e) {
                if (System.nanoTime() >= deadline || !isRunning()) {
                    throw e;
                }
                sleep(POLL);
            }
        }
    }

    /** The master's pid, which reloads do not change. */
    public long masterPid() {
        LiveProcess current = process;
        if (current == null) {
            throw new IllegalStateException("HAProxy was never started");
        }
        return current.pid();
    }

    /** Workers running the current configuration. */
    public List<Long> workerPids() throws IOException {
        return showProc().workers();
    }

    /** Workers from before the last reloads, still finishing their connections. */
    public List<Long> oldWorkerPids() throws IOException {
        return showProc().oldWorkers();
    }

    /** The master's {@code show proc}: its reload counters and the pids of current and old workers. */
    public MasterProcessList showProc() throws IOException {
        String reply = master.send("show proc");
        try {
            return MasterProcessList.parse(reply);
        } catch (IllegalArgumentException e) {
            throw new IOException("unexpected reply from the master CLI", e);
        }
    }

    public boolean isRunning() {
        LiveProcess current = process;
        return current != null && current.isAlive();
    }

    /** True when this master was started by an earlier daemon and adopted, false when we started it. */
    public boolean adopted() {
        return child == null && process != null;
    }

    /** {@code callback} gets the exit code when the master exits without {@link #stop} having been called. */
    public void onExit(IntConsumer callback) {
        exitCallback = callback;
    }

    /**
     * Soft stop: SIGUSR1 makes the master tell its workers to stop accepting and finish their connections; it exits
     * after them. After {@code grace}, SIGTERM; if even that is ignored, SIGKILL to the master and its workers.
     */
    public synchronized void stop(Duration grace) throws IOException, InterruptedException {
        stopRequested = true;
        LiveProcess current = process;
        try {
            if (current != null) {
                stop(current, grace, runner);
            }
        } finally {
            closeFollower();
        }
    }

    /**
     * The soft stop above for any master of ours, also one that cannot be adopted, or an orphaned worker: SIGUSR1
     * (a worker stops accepting and finishes its connections), SIGTERM after {@code grace}, then SIGKILL to it and
     * its children. Only ever a process whose command line named our own master socket.
     */
    public static void stop(LiveProcess haproxy, Duration grace, ProcessRunner runner)
            throws IOException, InterruptedException {
        if (!haproxy.isAlive()) {
            return;
        }
        // Java has no SIGUSR1 of its own, so kill(1) it is.
        ExecResult signalled = runner.run(List.of("kill", "-USR1", Long.toString(haproxy.pid())), Map.of(), TERM_WAIT);
        if (!signalled.succeeded()) {
            log.warn("SIGUSR1 to HAProxy {} failed: {}", haproxy.pid(), signalled.output().strip());
        }
        if (haproxy.awaitExit(grace)) {
            return;
        }
        log.warn("HAProxy {} still running {} after SIGUSR1; sending SIGTERM", haproxy.pid(), grace);
        haproxy.terminate();
        if (haproxy.awaitExit(TERM_WAIT)) {
            return;
        }
        // Taken before the kill: once the master is gone its workers are re-parented and no longer provably ours.
        List<LiveProcess> workers = haproxy.children();
        log.warn("HAProxy {} ignored SIGTERM; killing it and workers {}", haproxy.pid(),
                workers.stream().map(LiveProcess::pid).toList());
        haproxy.kill();
        workers.forEach(LiveProcess::kill);
        haproxy.awaitExit(TERM_WAIT);
    }

    private List<String> command() {
        return List.of(options.binary(), "-W", "-db",
                "-S", options.masterSocket() + ",mode,600",
                "-f", options.configFile().toString(),
                "-p", options.pidFile().toString());
    }

    private boolean hasWorker() {
        try {
            return !showProc().workers().isEmpty();
        } catch (IOException notYet) {
            return false;
        }
    }

    private void exited(LiveProcess exitedMaster, int code) {
        readOutput();
        if (exitedMaster == process) {
            closeFollower();
        }
        if (stopRequested || exitedMaster != process) {
            log.info("HAProxy master {} stopped", exitedMaster.pid());
            return;
        }
        // An adopted master is not our child: its exit code is not ours to learn (-1).
        log.warn("HAProxy master {} exited unexpectedly with code {}", exitedMaster.pid(), code);
        exitCallback.accept(code);
    }

    // HAProxy prints everything on stderr (here: into its log file), so its own severity tag picks the log level.
    private void outputLine(String line) {
        output.add(line);
        if (line.startsWith("[ALERT]") || line.startsWith("[WARNING]")) {
            log.warn("haproxy: {}", line);
        } else {
            log.info("haproxy: {}", line);
        }
    }

    private String alerts(long mark) {
        readOutput();
        String alerts = output.since(mark).lines()
                .filter(line -> line.startsWith("[ALERT]"))
                .collect(Collectors.joining("\n"));
        return alerts.isEmpty() ? "HAProxy printed no alert" : alerts;
    }

    private void readOutput() {
        LogFollower current = follower;
        try {
            if (current != null) {
                current.read();
            }
        } catch (IOException e) {
            log.debug("reading HAProxy's output: {}", e.toString());
        }
    }

    private void closeFollower() {
        LogFollower current = follower;
        follower = null;
        if (current != null) {
            current.close();
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
