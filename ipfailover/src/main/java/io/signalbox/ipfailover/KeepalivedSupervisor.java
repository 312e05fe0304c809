package io.signalbox.ipfailover;

import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.LiveProcess;
import io.signalbox.haproxy.LogFollower;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs keepalived in the foreground (VRRP only, its own pid files), restarts it with backoff when it dies, and
 * cleans up the VIPs a dead keepalived leaves behind. It does not depend on the JVM: its output goes to a log file we
 * follow, and the notify FIFO is opened non-blocking by keepalived itself, so with no reader its events wait in the
 * pipe (or are dropped when it is full) and keepalived goes on. A daemon that died therefore leaves it holding the
 * VIPs, and the next daemon adopts it ({@link #findRunning}, {@link #adopt}). Stop is a graceful handover: SIGTERM
 * makes keepalived send a priority-0 advert, so the next node takes over after its skew alone.
 */
public final class KeepalivedSupervisor {
    private static final Logger log = LoggerFactory.getLogger(KeepalivedSupervisor.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final long LOG_CAP = 1024 * 1024;

    private final String binary;
    private final FailoverPaths paths;
    private final Launcher launcher;
    private final ProcessRunner runner;
    private final VipRemover remover;
    private final Duration takeoverTime;
    private final Runnable onUnexpectedExit;
    private final String node;
    private final RestartBackoff backoff =
            new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "keepalived-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    private volatile LiveProcess process;
    private volatile Consumer<String> startListener = kind -> { };
    private volatile boolean stopping;
    private boolean restarting;
    private LogFollower follower;
    private ScheduledFuture<?> pendingRestart;

    /**
     * @param takeoverTime     how long the other nodes need to notice a dead master (3 adverts plus skew); a crashed
     *                         keepalived's VIPs are kept that long, so clients are served until another node has taken
     *                         over, and only then removed
     * @param onUnexpectedExit told when keepalived died on its own
     */
    public KeepalivedSupervisor(String binary, FailoverPaths paths, Launcher launcher, ProcessRunner runner,
                                VipRemover remover, Duration takeoverTime, String node, Runnable onUnexpectedExit) {
        this.binary = binary;
        this.paths = paths;
        this.launcher = launcher;
        this.runner = runner;
        this.remover = remover;
        this.takeoverTime = takeoverTime;
        this.node = node;
        this.onUnexpectedExit = onUnexpectedExit;
    }

    /** Told each time keepalived runs anew: "started", "restarted" (after it died) or "adopted". */
    public void onStart(Consumer<String> listener) {
        this.startListener = listener;
    }

    /** Starts keepalived; a supervisor is started (or {@link #adopt adopts}) once and is stopped once. */
    public synchronized void start() throws IOException {
        stopping = false;
        launch();
    }

    /**
     * The keepalived an earlier daemon of this node left running: the pid in our pid file, running our config file
     * (so a recycled pid is never taken) with the binary we would start. Empty when there is none or it fails those
     * checks; {@link #start} then stops it (gracefully) and starts a new one.
     */
    public Optional<LiveProcess> findRunning() {
        Optional<LiveProcess> found = LiveProcess.readPidFile(paths.mainPidFile()).flatMap(LiveProcess::of)
                .filter(this::runsOurConfig);
        Optional<String> mismatch = found.flatMap(p -> p.binaryMismatch(binary));
        if (mismatch.isPresent()) {
            log.warn("keepalived {} of {} cannot be adopted: {}; replacing it", found.get().pid(), node, mismatch.get());
            return Optional.empty();
        }
        return found;
    }

    /**
     * Takes over a keepalived {@link #findRunning} found: it keeps its VIPs; SIGHUP makes it reload its config
     * only if the config changed.
     */
    public synchronized void adopt(LiveProcess running, boolean configChanged) throws IOException {
        stopping = false;
        follower = new LogFollower(paths.logFile(), LOG_CAP, this::outputLine);
        process = running;
        if (configChanged) {
            ExecResult hup = runner.run(List.of("kill", "-HUP", Long.toString(running.pid())), Map.of(), STOP_WAIT);
            if (!hup.succeeded()) {
                throw new IOException("SIGHUP to keepalived " + running.pid() + " failed: " + hup.output().strip());
            }
        }
        log.info("adopted keepalived for {} (pid {}); {}", node, running.pid(),
                configChanged ? "its config changed: reloaded with SIGHUP" : "its config is unchanged");
        long adoptedAt = System.nanoTime();
        running.onExit().thenAccept(p -> exited(p, "unknown (adopted)", Duration.ofNanos(System.nanoTime() - adoptedAt)));
        startListener.accept("adopted");
    }

    private synchronized void launch() throws IOException {
        if (stopping) {
            return;
        }
        stopLeftovers();
        // A stale pid file whose pid was reused makes keepalived refuse to start ("daemon is already running").
        for (Path pidFile : pidFiles()) {
            Files.deleteIfExists(pidFile);
        }
        remover.removeAll("before keepalived starts");
        Files.write(paths.logFile(), new byte[0]);
        closeFollower();
        follower = new LogFollower(paths.logFile(), LOG_CAP, this::outputLine);
        Process child = runner.startDetached(launcher.wrap(command()), Map.of(), paths.logFile());
        LiveProcess started = LiveProcess.of(child.pid()).orElse(new LiveProcess(child.pid(), -1));
        process = started;
        long startedAt = System.nanoTime();
        log.info("keepalived for {} started as pid {}", node, child.pid());
        child.onExit().thenAccept(p -> exited(started, Integer.toString(p.exitValue()),
                Duration.ofNanos(System.nanoTime() - startedAt)));
        startListener.accept(restarting ? "restarted" : "started");
    }

    // keepalived logs to stderr with --log-console (here: into its log file)
    private void outputLine(String line) {
        log.info("keepalived[{}]: {}", node, line);
    }

    private List<String> command() {
        return List.of(binary, "--dont-fork", "--log-console", "--log-detail", "--no-syslog", "--vrrp",
                "--use-file=" + paths.config(),
                "--pid=" + paths.mainPidFile(),
                "--vrrp_pid=" + paths.vrrpPidFile(),
                "--checkers_pid=" + paths.checkersPidFile(),
                "--bfd_pid=" + paths.bfdPidFile());
    }

    private synchronized void exited(LiveProcess which, String code, Duration ran) {
        if (stopping || !which.equals(process)) {
            return;
        }
        Duration delay = backoff.after(ran);
        Duration wait = delay.compareTo(takeoverTime) > 0 ? delay : takeoverTime;
        log.error("keepalived for {} (pid {}) exited with code {} after {} ms; cleaning up and restarting in {} ms",
                node, which.pid(), code, ran.toMillis(), wait.toMillis());
        restarting = true;
        onUnexpectedExit.run();
        scheduleRestart(wait);
    }
    private void scheduleRestart(Duration wait) {
        pendingRestart = scheduler.schedule(() -> {
            try {
                launch();
            } catch (IOException | RuntimeException e) {
                Duration again = backoff.after(Duration.ZERO);
                log.error("restarting keepalived for {} failed; trying again in {} ms", node, again.toMillis(), e);
                synchronized (this) {
                    if (!stopping) {
                        scheduleRestart(again);
                    }
                }
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The running keepalived's pid (its parent process), if any. */
    public OptionalLong pid() {
        LiveProcess current = process;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    /** Graceful handover: SIGTERM, wait for keepalived to leave, then make sure nothing of it is left. */
    public synchronized void stop() throws IOException, InterruptedException {
        stopping = true;
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
        }
        LiveProcess current = process;
        if (current != null && current.isAlive()) {
            current.terminate();
            if (!current.awaitExit(STOP_WAIT)) {
                log.warn("keepalived for {} (pid {}) ignored SIGTERM for {}; killing it", node, current.pid(), STOP_WAIT);
                current.children().forEach(LiveProcess::kill);
                current.kill();
                current.awaitExit(STOP_WAIT);
            }
        }
        stopLeftovers();
        remover.removeAll("after keepalived stopped");
        closeFollower();
        scheduler.shutdownNow();
    }

    private void closeFollower() {
        if (follower != null) {
            follower.close();
            follower = null;
        }
    }

    private List<Path> pidFiles() {
        return List.of(paths.mainPidFile(), paths.vrrpPidFile(), paths.checkersPidFile(), paths.bfdPidFile());
    }

    private boolean runsOurConfig(LiveProcess process) {
        return process.arguments().contains("--use-file=" + paths.config());
    }

    /**
     * A keepalived of ours can outlive its parent: the VRRP child after a killed parent, or the whole keepalived
     * after the JVM died and was not adopted. Pids come from our own pid files and are signalled only while that
     * process still runs our config file, so a reused pid is never hit. SIGTERM first, so a master hands over
     * gracefully.
     */
    private void stopLeftovers() throws IOException {
        for (Path pidFile : pidFiles()) {
            Optional<LiveProcess> leftover = LiveProcess.readPidFile(pidFile).flatMap(LiveProcess::of)
                    .filter(this::runsOurConfig);
            if (leftover.isPresent()) {
                stopLeftover(leftover.get());
            }
        }
    }

    private void stopLeftover(LiveProcess leftover) throws IOException {
        log.warn("stopping leftover keepalived process {} of {}", leftover.pid(), node);
        try {
            leftover.terminate();
            if (!leftover.awaitExit(STOP_WAIT)) {
                leftover.kill();
                leftover.awaitExit(STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping keepalived " + leftover.pid(), e);
        }
    }
}
