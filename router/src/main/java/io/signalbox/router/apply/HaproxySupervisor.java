package io.signalbox.router.apply;

import io.signalbox.haproxy.HaproxyOptions;
import io.signalbox.haproxy.HaproxyProcess;
import io.signalbox.haproxy.ReloadResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one HAProxy master running as the daemon's child: starts it, reloads it, and when it dies on its own starts
 * it again from the current (last checked) config, backing off while it keeps dying.
 */
public final class HaproxySupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxySupervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final HaproxyOptions options;
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haproxy-restarter");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> companions = new ArrayList<>();
    private volatile HaproxyProcess process;
    private volatile BiConsumer<Boolean, String> runningListener = (running, why) -> { };
    private volatile boolean closed;
    private long backoffMillis = 250;

    public HaproxySupervisor(HaproxyOptions options) {
        this.options = options;
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
        HaproxyProcess started = new HaproxyProcess(options);
        started.onExit(code -> exited(started, code));
        try {
            started.start(START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while HAProxy started", e);
        }
        process = started;
        LOG.info("HAProxy started, master pid {}", started.masterPid());
        runningListener.accept(true, "HAProxy is running");
    }

    /** Workers of earlier reloads still draining; 0 when HAProxy is not running or does not answer. Never blocks on a reload. */
    public int oldWorkers() {
        HaproxyProcess current = process;
        try {
            return current == null ? 0 : current.oldWorkerPids().size();
        } catch (IOException e) {
            return 0;
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
        LOG.error("HAProxy master exited with code {}; starting it again from the current config in {} ms",
                code, backoffMillis);
        process = null;
        runningListener.accept(false, "HAProxy master exited with code " + code);
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
            restarter.schedule(this::restart, backoffMillis, TimeUnit.MILLISECONDS);
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        restarter.shutdownNow();
        for (AutoCloseable companion : companions) {
            try {
                companion.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", companion, e.toString());
            }
        }
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
    }
}
