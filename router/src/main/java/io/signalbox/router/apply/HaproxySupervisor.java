package io.signalbox.router.apply;

import io.signalbox.haproxy.HaproxyAdoption;
import io.signalbox.haproxy.HaproxyOptions;
import io.signalbox.haproxy.HaproxyProcess;
import io.signalbox.haproxy.MasterProcessList;
import io.signalbox.haproxy.LiveProcess;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.ReloadResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one HAProxy master running: adopts the one an earlier daemon left serving, or starts it; reloads it; and when
 * it dies on its own (master or worker: a master whose worker dies exits too) starts it again from the current (last
 * checked) config, backing off while it keeps dying. Meanwhile {@link #notRunning} says why it is down.
 */
public final class HaproxySupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxySupervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final HaproxyOptions options;
    private final ProcessRunner runner = new ProcessRunner();
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haproxy-restarter");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> companions = new ArrayList<>();
    private volatile HaproxyProcess process;
    private volatile BiConsumer<Boolean, String> runningListener = (running, why) -> { };
    private volatile Consumer<String> startListener = kind -> { };
    private volatile boolean closed;
    private volatile String downReason = "HAProxy has not started yet";
    private long backoffMillis = 250;
    private boolean restartPending;
    /** HAProxy processes of an earlier daemon that were not adopted: stopped once another master serves. */
    private List<LiveProcess> leftovers = List.of();
    private String leftoverReason = "";

    public HaproxySupervisor(HaproxyOptions options) {
        this.options = options;
    }

    /** Told each time HAProxy runs anew: "started", "restarted" (after a crash) or "adopted". */
    public void onStart(Consumer<String> listener) {
        this.startListener = listener;
    }

    /**
     * Takes over the HAProxy an earlier daemon left serving (after a crash), if it passes {@link HaproxyAdoption}'s
     * checks; stops every other HAProxy process of ours it finds (a master that fails them, orphaned workers).
     * Called once, before the first apply, which then reloads only if the config differs from what this one runs.
     *
     * @return true when HAProxy was adopted
     */
    public synchronized boolean adopt() {
        HaproxyAdoption found = HaproxyAdoption.look(options, runner);
        leftovers = found.leftovers();
        leftoverReason = found.detail();
        if (found.adopted().isEmpty()) {
            // Stopped once the new master serves (in start): both listen on the ports meanwhile (SO_REUSEPORT).
            LOG.info("no HAProxy to adopt ({}); starting one", found.detail());
            return false;
        }
        HaproxyProcess adopted = found.adopted().get();
        adopted.onExit(code -> exited(adopted, code));
        process = adopted;
        if (!adopted.isRunning()) {
            exited(adopted, -1); // it died before the callback was in place
            return false;
        }
        LOG.info("{}: it keeps serving, no second master is started", found.detail());
        running("adopted", "HAProxy master " + adopted.masterPid() + " adopted");
        stopLeftoversLater();
        return true;
    }

    private void stopLeftoversLater() {
        List<LiveProcess> stop = leftovers;
        String why = leftoverReason;
        leftovers = List.of();
        if (!stop.isEmpty()) {
            restarter.execute(() -> stop.forEach(leftover -> stopLeftover(leftover, why)));
        }
    }

    private void stopLeftover(LiveProcess leftover, String why) {
        LOG.warn("stopping leftover HAProxy process {} ({})", leftover.pid(), why);
        try {
            HaproxyProcess.stop(leftover, LEFTOVER_GRACE, runner);
        } catch (IOException e) {
            LOG.warn("stopping leftover HAProxy process {}: {}", leftover.pid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why HAProxy is not serving now, for readiness; empty while it runs. */
    public Optional<String> notRunning() {
        HaproxyProcess current = process;
        if (current == null) {
            return Optional.of(downReason);
        }
        // Dead but not handled yet (the exit is seen on a watcher thread an instant later).
        return current.isRunning() ? Optional.empty()
                : Optional.of("HAProxy master exited (pid " + current.masterPid() + "); restarting");
    }

    /** Something that only makes sense while HAProxy is supervised (a watcher that reloads it) and stops with it. */
    public synchronized void stopWith(AutoCloseable companion) {
        companions.add(companion);
    }

    /** Told at once when HAProxy stops on its own and when it runs again: IP failover moves VIPs on it. */
    public void onRunningChange(BiConsumer<Boolean, String> listener) {
        this.runningListener = listener;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isRunning();
    }

    /** True once supervision stopped: nothing may start HAProxy again (an apply still in flight included). */
    public boolean isClosed() {
        return closed;
    }

    public synchronized void start() throws IOException {
        if (closed) {
            throw new IOException("HAProxy supervision has stopped");
        }
        HaproxyProcess started = new HaproxyProcess(options, runner);
        started.onExit(code -> exited(started, code));
        try {
            started.start(START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while HAProxy started", e);
        }
        boolean again = process == null && restartPending;
        process = started;
        restartPending = false;
        LOG.info("HAProxy started, master pid {}", started.masterPid());
        running(again ? "restarted" : "started", "HAProxy is running");
        stopLeftoversLater();
    }

    private void running(String kind, String why) {
        startListener.accept(kind);
        runningListener.accept(true, why);
    }

    /** Workers of earlier reloads still draining; 0 when HAProxy is not running or does not answer. Never blocks on a reload. */
    public int oldWorkers() {
        return processList().map(p -> p.oldWorkers().size()).orElse(0);
    }

    /**
     * The pids of the current workers, as the master lists them; empty when it cannot say (not running, or busy
     * re-executing for a reload). Never blocks on a reload of ours.
     */
    public Optional<List<Long>> workers() {
        return processList().map(MasterProcessList::workers);
    }

    /** The master's {@code show proc}; empty when HAProxy is not running or its master does not answer. */
    private Optional<MasterProcessList> processList() {
        HaproxyProcess current = process;
        try {
            return current == null ? Optional.empty() : Optional.of(current.showProc());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public synchronized ReloadResult reload() {
        try {
            return process.reload(RELOAD_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ReloadResult(false, Duration.ZERO, "interrupted");
        }
    }

    private synchronized void exited(HaproxyProcess which, int code) {
        if (closed || which != process) {
            return;
        }
        String why = "HAProxy master exited with code " + code + " (pid " + which.masterPid()
                + (which.adopted() ? ", adopted: its code is unknown" : "") + ")";
        LOG.error("{}; starting it again from the current config in {} ms", why, backoffMillis);
        // The reason first: notRunning reads it, unlocked, as soon as process is null.
        downReason = why + " at " + Instant.now() + "; restarting";
        process = null;
        restartPending = true;
        runningListener.accept(false, why);
        restarter.schedule(this::restart, backoffMillis, TimeUnit.MILLISECONDS);
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    }

    private synchronized void restart() {
        if (closed || process != null) {
            return;
        }
        try {
            start();
            backoffMillis = 250;
        } catch (IOException | RuntimeException e) {
            LOG.error("HAProxy did not start again: {}", e.getMessage());
            downReason = "HAProxy did not start again: " + e.getMessage();
            restarter.schedule(this::restart, backoffMillis, TimeUnit.MILLISECONDS);
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        }
    }

    /**
     * Ends supervision but leaves HAProxy serving, for the next daemon to adopt: a daemon that adopted it and then
     * cannot apply its first config must not take down what serves the previous one.
     */
    public synchronized void release() {
        endSupervision();
        if (process != null) {
            LOG.warn("leaving HAProxy master {} serving for the next daemon to adopt", process.masterPid());
            process = null;
        }
    }

    private void endSupervision() {
        closed = true;
        restarter.shutdownNow();
        for (AutoCloseable companion : companions) {
            try {
                companion.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", companion, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        endSupervision();
        if (process != null) {
            try {
                process.stop(Duration.ofSeconds(5));
            } catch (IOException e) {
                LOG.warn("stopping HAProxy: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        // Never started a master of our own (the first apply failed): what an earlier daemon left goes too.
        leftovers.forEach(leftover -> stopLeftover(leftover, "stopping"));
        leftovers = List.of();
    }
}
