package io.signalbox.haproxy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HAProxy run as our child in master-worker mode ({@code -W -db -S <socket>}): started, reloaded through the
 * master CLI, watched, and stopped. The master keeps its pid across reloads (it re-executes itself) and hands the
 * listening sockets to each new worker, so a reload refuses no connection.
 *
 * <p>start, reload and stop are serialised; the exit callback runs on a JDK process-reaper thread.
 */
public final class HaproxyProcess {

    private static final Logger log = LoggerFactory.getLogger(HaproxyProcess.class);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TERM_WAIT = Duration.ofSeconds(5);
    private static final Duration OUTPUT_WAIT = Duration.ofSeconds(1);

    private final HaproxyOptions options;
    private final ProcessRunner runner;
    private final UnixSocketCli master;
    private final OutputTail output = new OutputTail(200);
    private volatile Process process;
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

    /** Launches HAProxy and returns once the master answers on its socket and lists a worker. */
    public synchronized void start(Duration timeout) throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("HAProxy already runs as pid " + process.pid());
        }
        // Leftovers of an earlier run would make the readiness check below talk to nothing, or to the past.
        Files.deleteIfExists(options.masterSocket());
        Files.deleteIfExists(options.pidFile());
        stopRequested = false;
        long mark = output.mark();
        StartedProcess child = runner.start(command(), options.env(), this::stdout, this::stderr);
        Process started = child.process();
        process = started;

        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                awaitQuietly(child.outputClosed()); // its last words are what the operator needs
                throw new HaproxyStartException("HAProxy exited with code " + started.exitValue() + " during start",
                        output.since(mark));
            }
            if (hasWorker()) {
                log.info("HAProxy master {} is up with workers {}", started.pid(), workerPids());
                // watched only from here: an exit during start is the caller's exception, not a crash to report
                started.onExit().thenAccept(this::exited);
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
            before = showProc();
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

    /** The master's pid, which reloads do not change. */
    public long masterPid() {
        Process current = process;
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
        Process current = process;
        return current != null && current.isAlive();
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
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        // Only ever our own child's pid: Java has no SIGUSR1 of its own, so kill(1) it is.
        ExecResult signalled = runner.run(List.of("kill", "-USR1", Long.toString(current.pid())), Map.of(), TERM_WAIT);
        if (!signalled.succeeded()) {
            log.warn("SIGUSR1 to HAProxy master {} failed: {}", current.pid(), signalled.output().strip());
        }
        if (current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        log.warn("HAProxy master {} still running {} after SIGUSR1; sending SIGTERM", current.pid(), grace);
        current.destroy();
        if (current.waitFor(TERM_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        // Taken before the kill: once the master is gone its workers are re-parented and no longer provably ours.
        List<ProcessHandle> workers = current.descendants().toList();
        log.warn("HAProxy master {} ignored SIGTERM; killing it and workers {}", current.pid(),
                workers.stream().map(ProcessHandle::pid).toList());
        current.destroyForcibly();
        workers.forEach(ProcessHandle::destroyForcibly);
        current.waitFor(TERM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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

    private void exited(Process exitedProcess) {
        int code = exitedProcess.exitValue();
        if (stopRequested) {
            log.info("HAProxy master {} stopped with code {}", exitedProcess.pid(), code);
            return;
        }
        log.warn("HAProxy master {} exited unexpectedly with code {}", exitedProcess.pid(), code);
        exitCallback.accept(code);
    }

    // HAProxy prints everything on stderr, so its own severity tag picks the log level.
    private void stderr(String line) {
        output.add(line);
        if (line.startsWith("[ALERT]") || line.startsWith("[WARNING]")) {
            log.warn("haproxy: {}", line);
        } else {
            log.info("haproxy: {}", line);
        }
    }

    private void stdout(String line) {
        output.add(line);
        log.info("haproxy: {}", line);
    }

    private String alerts(long mark) {
        String alerts = output.since(mark).lines()
                .filter(line -> line.startsWith("[ALERT]"))
                .collect(Collectors.joining("\n"));
        return alerts.isEmpty() ? "HAProxy printed no alert" : alerts;
    }

    private static void awaitQuietly(CompletableFuture<Void> future) throws InterruptedException {
        try {
            future.get(OUTPUT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("HAProxy output not closed: {}", e.toString());
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
