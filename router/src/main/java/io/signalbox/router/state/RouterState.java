package io.signalbox.router.state;

import io.signalbox.router.admission.AdmissionChange;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.source.SourceEvent;
import io.signalbox.router.status.IngressStatus;
import io.signalbox.router.status.StatusBook;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the router knows, fed by source events: admission, endpoints, services, route status, and the
 * routes the configuration check left out. Not thread-safe: the router loop owns it (and `signalbox check` uses
 * it once, offline). It decides what status to write; writing is the caller's job.
 */
public final class RouterState {
    /** Reason written on a route whose backend failed HAProxy's configuration check. */
    public static final String CONFIG_CHECK_FAILED = "ConfigCheckFailed";
    private static final Logger LOG = LoggerFactory.getLogger(RouterState.class);

    private final RouteAdmission admission;
    private final StatusBook statusBook;
    private final EndpointTable endpoints = new EndpointTable();
    /** Every route the sources reported, admitted or not: the route table shows them all. */
    private final Map<ObjectRef, Route> known = new HashMap<>();
    /** Routes left out by the configuration check, by the exact version that failed. */
    private final Map<ObjectRef, Route> configRejected = new HashMap<>();
    private boolean synced;

    public RouterState(RouteAdmission admission, StatusBook statusBook) {
        this.admission = admission;
        this.statusBook = statusBook;
    }

    /** Applies one event, adding the status writes it causes; true when the config may have changed. */
    public boolean apply(SourceEvent event, List<StatusChange> writes) {
        if (event instanceof SourceEvent.RouteUpserted e) {
            known.put(e.route().ref(), e.route());
            record(admission.routeUpserted(e.route()), writes);
        } else if (event instanceof SourceEvent.RouteDeleted e) {
            known.remove(e.ref());
            record(admission.routeDeleted(e.ref()), writes);
            configRejected.remove(e.ref());
            statusBook.forget(e.ref());
            writes.add(new StatusChange(e.ref(), Optional.empty()));
        } else if (event instanceof SourceEvent.NamespaceUpserted e) {
            record(admission.namespaceUpserted(e.namespace()), writes);
        } else if (event instanceof SourceEvent.NamespaceDeleted e) {
            record(admission.namespaceDeleted(e.name()), writes);
        } else if (event instanceof SourceEvent.Synced) {
            boolean first = !synced;
            synced = true;
            return first;
        } else {
            return endpoints.apply(event);
        }
        return true;
    }

    public boolean synced() {
        return synced;
    }

    /** What render and apply should serve: the admitted routes, less those whose exact version failed the check. */
    public RouterSnapshot snapshot() {
        Map<ObjectRef, Route> routes = new HashMap<>(admission.admitted());
        routes.entrySet().removeIf(e -> e.getValue().equals(configRejected.get(e.getKey())));
        return new RouterSnapshot(routes, endpoints.endpoints(), endpoints.services());
    }

    /**
     * The configuration check of a snapshot is done: routes it rejected get ConfigCheckFailed, and when the config
     * was applied, routes that failed before and passed now are admitted again.
     */
    public void configChecked(RouterSnapshot snapshot, Map<ObjectRef, String> rejected, boolean applied,
                              List<StatusChange> writes) {
        rejected.forEach((ref, message) -> {
            Route route = snapshot.routes().get(ref);
            configRejected.put(ref, route);
            write(route, false, CONFIG_CHECK_FAILED, message, writes);
        });
        if (!applied) {
            return;
        }
        Map<ObjectRef, Route> current = admission.admitted();
        for (Route route : snapshot.routes().values()) {
            if (!rejected.containsKey(route.ref()) && route.equals(current.get(route.ref()))
                    && statusBook.get(route.ref()).map(s -> CONFIG_CHECK_FAILED.equals(s.reason())).orElse(false)) {
                write(route, true, "", "", writes);
            }
        }
    }

    /** Every known route with its status, sorted by namespace and name. */
    public List<RouteRow> routeTable() {
        return new TreeMap<>(known).values().stream()
                .map(route -> RouteRow.of(route, statusBook.get(route.ref()).orElse(null)))
                .toList();
    }

    /** How many routes have each (admitted, reason) condition. */
    public Map<Map.Entry<Boolean, String>, Long> statusCounts() {
        return statusBook.counts();
    }

    private void record(List<AdmissionChange> changes, List<StatusChange> writes) {
        for (AdmissionChange change : changes) {
            write(change.route(), change.condition().admitted(), change.condition().reason(),
                    change.condition().message(), writes);
        }
    }

    private void write(Route route, boolean admitted, String reason, String message, List<StatusChange> writes) {
        statusBook.record(route, admitted, reason, message).ifPresent(status -> {
            logTransition(route.ref(), status);
            writes.add(new StatusChange(route.ref(), Optional.of(status)));
        });
    }

    private static void logTransition(ObjectRef ref, IngressStatus status) {
        if (status.admitted()) {
            LOG.info("route {} admitted: host {}", ref, status.host());
        } else {
            LOG.info("route {} rejected: {}: {}", ref, status.reason(), status.message());
        }
    }
}
