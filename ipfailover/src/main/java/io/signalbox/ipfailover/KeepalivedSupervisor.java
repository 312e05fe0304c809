package io.signalbox.ipfailover;

import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.StartedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs keepalived in the foreground as our child (VRRP only, its own pid files), restarts it with backoff when it
 * dies, and cleans up the VIPs a dead keepalived leaves behind. Stop is a graceful handover: SIGTERM makes keepalived
 * send a priority-0 advert, so the next node takes over after its skew alone.
 */
public final class KeepalivedSupervisor {
    private static final Logger log = LoggerFactory.getLogger(KeepalivedSupervisor.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

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

    private volatile Process process;
    private volatile boolean stopping;
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

    /** Starts keepalived; a supervisor is started once and stopped once. */
    public synchronized void start() throws IOException {
        stopping = false;
        launch();
    }

    private synchronized void launch() throws IOException {
        if (stopping) {
            return;
        }
        stopLeftovers();
        // A stale pid file whose pid was reused makes keepalived refuse to start ("daemon is already running").
        for (Path pidFile : List.of(paths.mainPidFile(), paths.vrrpPidFile(), paths.checkersPidFile(),
                paths.bfdPidFile())) {
            Files.deleteIfExists(pidFile);
        }
        remover.removeAll("before keepalived starts");
        StartedProcess started = runner.start(launcher.wrap(command()), Map.of(),
                // keepalived logs to stderr with --log-console; both streams are its log
                line -> log.info("keepalived[{}]: {}", node, line), line -> log.info("keepalived[{}]: {}", node, line));
        Process child = started.process();
        process = child;
        long startedAt = System.nanoTime();
        log.info("keepalived for {} started as pid {}", node, child.pid());
        child.onExit().thenAccept(p -> exited(p, Duration.ofNanos(System.nanoTime() - startedAt)));
    }

    private List<String> command() {
        return List.of(binary, "--dont-fork", "--log-console", "--log-detail", "--no-syslog", "--vrrp",
                "--use-file=" + paths.config(),
                "--pid=" + paths.mainPidFile(),
                "--vrrp_pid=" + paths.vrrpPidFile(),
                "--checkers_pid=" + paths.checkersPidFile(),
                "--bfd_pid=" + paths.bfdPidFile());
    }

    private synchronized void exited(Process child, Duration ran) {
        if (stopping || child != process) {
            return;
        }
        Duration delay = backoff.after(ran);
        Duration wait = delay.compareTo(takeoverTime) > 0 ? delay : takeoverTime;
        log.error("keepalived for {} (pid {}) exited with code {} after {} ms; cleaning up and restarting in {} ms",
                node, child.pid(), child.exitValue(), ran.toMillis(), wait.toMillis());
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
        Process current = process;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    /** Graceful handover: SIGTERM, wait for keepalived to leave, then make sure nothing of it is left. */
    public synchronized void stop() throws IOException, InterruptedException {
        stopping = true;
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
        }
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            if (!current.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("keepalived for {} (pid {}) ignored SIGTERM for {}; killing it", node, current.pid(), STOP_WAIT);
                current.descendants().forEach(ProcessHandle::destroyForcibly);
                current.destroyForcibly();
                current.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        stopLeftovers();
        remover.removeAll("after keepalived stopped");
        scheduler.shutdownNow();
    }

    /**
     * A keepalived of ours can outlive its parent: the VRRP child after a killed parent, or the whole keepalived
     * after the JVM died (children are not killed with it, so VIPs keep being served). Pids come from our own pid
     * files and are signalled only while that process still runs our config file, so a reused pid is never hit.
     * SIGTERM first, so a master hands over gracefully.
     */
    private void stopLeftovers() {
        for (Path pidFile : List.of(paths.mainPidFile(), paths.vrrpPidFile(), paths.checkersPidFile(),
                paths.bfdPidFile())) {
            readPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().arguments().map(List::of).orElse(List.of())
                            .contains("--use-file=" + paths.config()))
                    .ifPresent(this::stopLeftover);
        }
    }

    private void stopLeftover(ProcessHandle leftover) {
        log.warn("stopping leftover keepalived process {} of {}", leftover.pid(), node);
        leftover.destroy();
        leftover.onExit().completeOnTimeout(leftover, STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        if (leftover.isAlive()) {
            leftover.destroyForcibly();
            leftover.onExit().completeOnTimeout(leftover, STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
