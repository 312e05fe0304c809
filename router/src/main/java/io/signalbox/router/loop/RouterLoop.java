package io.signalbox.router.loop;

import io.signalbox.router.apply.ApplyResult;
import io.signalbox.router.apply.ReloadCoalescer;
import io.signalbox.router.apply.WorkDirHealth;
import io.signalbox.router.source.SourceEvent;
import io.signalbox.router.source.SourceListener;
import io.signalbox.router.state.RouteRow;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.state.RouterState;
import io.signalbox.router.state.StatusChange;
import io.signalbox.router.stats.RouterMetrics;
import io.signalbox.router.status.StatusSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the router's mutable state. Sources hand it batches from their own threads; it hops onto its
 * Vert.x context, feeds the {@link RouterState}, writes the status it decides on, and after the first sync commits:
 * an immutable snapshot goes to apply on a worker thread, paced by the {@link ReloadCoalescer}. Nothing here blocks.
 */
public final class RouterLoop implements SourceListener {
    private static final Logger LOG = LoggerFactory.getLogger(RouterLoop.class);
    /** Retries after a disk failure start this soon and back off to at most MAX_DISK_RETRY apart. */
    private static final long FIRST_DISK_RETRY_MILLIS = 250;
    private static final long MAX_DISK_RETRY_MILLIS = 5000;

    private final Vertx vertx;
    private final Context context;
    private final RouterState state;
    private final StatusSink statusSink;
    private final Function<RouterSnapshot, ApplyResult> applier;
    private final ReloadCoalescer coalescer;
    private final LongSupplier clock = System::currentTimeMillis;
    private final RouterMetrics metrics;
    private final WorkDirHealth workDir;
    private final Promise<ApplyResult> firstApply = Promise.promise();
    /** The wait before the next retry of an apply the disk refused. */
    private long diskRetryMillis = FIRST_DISK_RETRY_MILLIS;
    /** When the oldest change not yet handed to an apply arrived, or -1. */
    private long pendingSince = -1;
    private volatile boolean serving;

    /**
     * @param applyIntervalMillis the least time between two apply starts: RELOAD_INTERVAL when every apply reloads,
     *                            0 when the applier paces its own reloads (runtime API on)
     */
    public RouterLoop(Vertx vertx, RouterState state, StatusSink statusSink,
                      Function<RouterSnapshot, ApplyResult> applier, long applyIntervalMillis, RouterMetrics metrics,
                      WorkDirHealth workDir) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.state = state;
        this.statusSink = statusSink;
        this.applier = applier;
        this.coalescer = new ReloadCoalescer(applyIntervalMillis);
        this.metrics = metrics;
        this.workDir = workDir;
    }

    @Override
    public void onEvents(List<SourceEvent> batch) {
        context.runOnContext(v -> handle(batch));
    }

    /** True once the first sync has been applied: HAProxy serves what the sources said. Any thread. */
    public boolean isServing() {
        return serving;
    }

    /** Completes with the result of the first apply after the first sync. */
    public Future<ApplyResult> firstApply() {
        return firstApply.future();
    }

    /** Every known route with its status, as a copy taken on the loop. */
    public Future<List<RouteRow>> routeTable() {
        Promise<List<RouteRow>> promise = Promise.promise();
        context.runOnContext(v -> promise.complete(state.routeTable()));
        return promise.future();
    }

    private void handle(List<SourceEvent> batch) {
        List<StatusChange> writes = new ArrayList<>();
        boolean changed = false;
        for (SourceEvent event : batch) {
            changed |= state.apply(event, writes);
        }
        write(writes);
        if (state.synced() && changed) {
            if (pendingSince < 0) {
                pendingSince = clock.getAsLong();
            }
            decide(coalescer.changed(clock.getAsLong()));
        }
    }

    private void decide(ReloadCoalescer.Decision decision) {
        if (decision instanceof ReloadCoalescer.Decision.StartNow) {
            startApply();
        } else if (decision instanceof ReloadCoalescer.Decision.StartAt at) {
            long delay = Math.max(1, at.atMillis() - clock.getAsLong());
            vertx.setTimer(delay, id -> decide(coalescer.timerFired(clock.getAsLong())));
        }
    }

    private void startApply() {
        RouterSnapshot snapshot = state.snapshot();
        long changedAt = pendingSince < 0 ? clock.getAsLong() : pendingSince;
        pendingSince = -1;
        context.executeBlocking(() -> applier.apply(snapshot), false).onComplete(done -> {
            ApplyResult result = done.succeeded() ? done.result()
                    : new ApplyResult.Failed(String.valueOf(done.cause()), Map.of(), ApplyResult.Timings.NONE);
            metrics.applied(result, Duration.ofMillis(clock.getAsLong() - changedAt));
            finished(snapshot, result, changedAt);
        });
    }

    private void finished(RouterSnapshot snapshot, ApplyResult result, long changedAt) {
        if (result instanceof ApplyResult.Deferred deferred) {
            // Needs a reload, and the last one was too recent: apply again (with whatever came meanwhile) when due.
            if (pendingSince < 0) {
                pendingSince = changedAt;
            }
            vertx.setTimer(Math.max(1, deferred.retryIn().toMillis()), id -> decide(coalescer.changed(clock.getAsLong())));
            decide(coalescer.finished(clock.getAsLong()));
            return;
        }
        if (settle(snapshot, result)) {
            retryAfterDiskFailure(changedAt);
        }
        firstApply.tryComplete(result);
        decide(coalescer.finished(clock.getAsLong()));
    }

    /**
     * A reload the applier started on its own (a failed late check, a new default certificate) is counted and
     * decides route status like any apply: the routes it left out keep out of later snapshots. Any thread.
     */
    public void reloadedByApplier(RouterSnapshot snapshot, ApplyResult result) {
        context.runOnContext(v -> {
            metrics.applied(result);
            if (settle(snapshot, result)) {
                retryAfterDiskFailure(clock.getAsLong());
            }
        });
    }

    /** What any apply's outcome changes: serving, the work folder's health, route status. True if the disk failed. */
    private boolean settle(RouterSnapshot snapshot, ApplyResult result) {
        boolean applied = !(result instanceof ApplyResult.Failed);
        boolean diskFailed = false;
        if (applied) {
            serving = true;
            if (!workDir.writable()) {
                // Status the full disk refused may wait for no other write: write it now.
                context.executeBlocking(() -> {
                    statusSink.retryUnwritten();
                    return null;
                }, true);
            }
            workDir.recovered();
            diskRetryMillis = FIRST_DISK_RETRY_MILLIS;
        } else if (((ApplyResult.Failed) result).cause() == ApplyResult.Cause.DISK) {
            workDir.failed(((ApplyResult.Failed) result).reason());
            diskFailed = true;
        } else {
            LOG.error("configuration not applied (HAProxy keeps serving the previous one, if any): {}",
                    ((ApplyResult.Failed) result).reason());
        }
        List<StatusChange> writes = new ArrayList<>();
        state.configChecked(snapshot, result.rejected(), applied, writes);
        write(writes);
        return diskFailed;
    }

    /**
     * The disk refused the apply: nothing changed, and nothing else would try again until the next change, so
     * schedule the same apply (with whatever came meanwhile), backing off while the disk stays unusable.
     */
    private void retryAfterDiskFailure(long changedAt) {
        if (pendingSince < 0) {
            pendingSince = changedAt;
        }
        vertx.setTimer(diskRetryMillis, id -> decide(coalescer.changed(clock.getAsLong())));
        diskRetryMillis = Math.min(MAX_DISK_RETRY_MILLIS, diskRetryMillis * 2);
    }

    /** Hands status writes to a worker, in order, and refreshes the route counts metrics show. */
    private void write(List<StatusChange> writes) {
        if (writes.isEmpty()) {
            return;
        }
        context.executeBlocking(() -> {
            for (StatusChange change : writes) {
                change.status().ifPresentOrElse(s -> statusSink.write(change.route(), s),
                        () -> statusSink.delete(change.route()));
            }
            return null;
        }, true);
        Map<RouterMetrics.RouteState, Long> counts = new HashMap<>();
        state.statusCounts().forEach((k, n) -> counts.put(new RouterMetrics.RouteState(k.getKey(), k.getValue()), n));
        metrics.routeStates(counts);
    }
}
