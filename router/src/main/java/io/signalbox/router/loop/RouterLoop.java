package io.signalbox.router.loop;

import io.signalbox.router.admission.AdmissionChange;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ApplyResult;
import io.signalbox.router.apply.ReloadCoalescer;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.source.SourceEvent;
import io.signalbox.router.source.SourceListener;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.status.IngressStatus;
import io.signalbox.router.status.StatusBook;
import io.signalbox.router.status.StatusSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
 * Vert.x context, feeds admission, records status, and after the first sync commits: an immutable snapshot goes to
 * apply on a worker thread, paced by the {@link ReloadCoalescer}. Nothing here blocks.
 */
public final class RouterLoop implements SourceListener {
    /** Reason written on a route whose backend failed HAProxy's configuration check. */
    public static final String CONFIG_CHECK_FAILED = "ConfigCheckFailed";
    private static final Logger LOG = LoggerFactory.getLogger(RouterLoop.class);

    private final Vertx vertx;
    private final Context context;
    private final RouteAdmission admission;
    private final StatusBook statusBook;
    private final StatusSink statusSink;
    private final Function<RouterSnapshot, ApplyResult> applier;
    private final ReloadCoalescer coalescer;
    private final LongSupplier clock;
    private final EndpointTable endpoints = new EndpointTable();
    /** Routes left out by the configuration check, by the exact version that failed. */
    private final Map<ObjectRef, Route> configRejected = new HashMap<>();
    private final Promise<ApplyResult> firstApply = Promise.promise();
    private boolean synced;
    private ApplyResult lastResult;

    public RouterLoop(Vertx vertx, RouteAdmission admission, StatusBook statusBook, StatusSink statusSink,
                      Function<RouterSnapshot, ApplyResult> applier, long reloadIntervalMillis) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.admission = admission;
        this.statusBook = statusBook;
        this.statusSink = statusSink;
        this.applier = applier;
        this.coalescer = new ReloadCoalescer(reloadIntervalMillis);
        this.clock = System::currentTimeMillis;
    }

    @Override
    public void onEvents(List<SourceEvent> batch) {
        context.runOnContext(v -> handle(batch));
    }

    /** Completes with the result of the first apply after the first sync. */
    public Future<ApplyResult> firstApply() {
        return firstApply.future();
    }

    private void handle(List<SourceEvent> batch) {
        boolean changed = false;
        for (SourceEvent event : batch) {
            changed |= apply(event);
        }
        if (synced && changed) {
            decide(coalescer.changed(clock.getAsLong()));
        }
    }

    private boolean apply(SourceEvent event) {
        if (event instanceof SourceEvent.RouteUpserted e) {
            record(admission.routeUpserted(e.route()));
        } else if (event instanceof SourceEvent.RouteDeleted e) {
            record(admission.routeDeleted(e.ref()));
            configRejected.remove(e.ref());
            statusBook.forget(e.ref());
            blocking(() -> statusSink.delete(e.ref()));
        } else if (event instanceof SourceEvent.NamespaceUpserted e) {
            record(admission.namespaceUpserted(e.namespace()));
        } else if (event instanceof SourceEvent.NamespaceDeleted e) {
            record(admission.namespaceDeleted(e.name()));
        } else if (event instanceof SourceEvent.Synced) {
            boolean first = !synced;
            synced = true;
            return first;
        } else {
            return endpoints.apply(event);
        }
        return true;
    }

    private void record(List<AdmissionChange> changes) {
        for (AdmissionChange change : changes) {
            writeStatus(change.route(), change.condition().admitted(), change.condition().reason(),
                    change.condition().message());
        }
    }

    private void writeStatus(Route route, boolean admitted, String reason, String message) {
        statusBook.record(route, admitted, reason, message).ifPresent(status -> {
            logTransition(route.ref(), status);
            blocking(() -> statusSink.write(route.ref(), status));
        });
    }

    private static void logTransition(ObjectRef ref, IngressStatus status) {
        if (status.admitted()) {
            LOG.info("route {} admitted: host {}", ref, status.host());
        } else {
            LOG.info("route {} rejected: {}: {}", ref, status.reason(), status.message());
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
        Map<ObjectRef, Route> routes = new HashMap<>(admission.admitted());
        routes.entrySet().removeIf(e -> e.getValue().equals(configRejected.get(e.getKey())));
        RouterSnapshot snapshot = new RouterSnapshot(routes, endpoints.endpoints(), endpoints.services());
        context.executeBlocking(() -> applier.apply(snapshot), false).onComplete(done -> {
            ApplyResult result = done.succeeded() ? done.result()
                    : new ApplyResult.Failed(String.valueOf(done.cause()), Map.of(), ApplyResult.Timings.NONE);
            finished(snapshot, result);
        });
    }

    private void finished(RouterSnapshot snapshot, ApplyResult result) {
        lastResult = result;
        if (result instanceof ApplyResult.Failed failed) {
            LOG.error("configuration not applied (HAProxy keeps serving the previous one, if any): {}", failed.reason());
        } else {
            LOG.debug("apply: {}", result);
        }
        Map<ObjectRef, Route> current = admission.admitted();
        result.rejected().forEach((ref, message) -> {
            Route route = snapshot.routes().get(ref);
            configRejected.put(ref, route);
            writeStatus(route, false, CONFIG_CHECK_FAILED, message);
        });
        if (!(result instanceof ApplyResult.Failed)) {
            // A route that failed the check before and is served now (it changed and passed) is admitted again.
            for (Route route : snapshot.routes().values()) {
                if (!result.rejected().containsKey(route.ref()) && route.equals(current.get(route.ref()))
                        && statusBook.get(route.ref()).map(s -> CONFIG_CHECK_FAILED.equals(s.reason())).orElse(false)) {
                    writeStatus(route, true, "", "");
                }
            }
        }
        firstApply.tryComplete(result);
        decide(coalescer.finished(clock.getAsLong()));
    }

    private void blocking(Runnable work) {
        context.executeBlocking(() -> {
            work.run();
            return null;
        }, true);
    }

    /** For diagnostics and tests: the latest apply result, read on the loop. */
    public Future<ApplyResult> lastResult() {
        Promise<ApplyResult> promise = Promise.promise();
        context.runOnContext(v -> promise.complete(lastResult));
        return promise.future();
    }

    /** The routes currently admitted, as a copy taken on the loop. */
    public Future<List<Route>> admittedRoutes() {
        Promise<List<Route>> promise = Promise.promise();
        context.runOnContext(v -> promise.complete(new ArrayList<>(admission.admitted().values())));
        return promise.future();
    }
}
