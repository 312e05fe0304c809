package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.List;
import java.util.function.Predicate;

/** OpenShift's UniqueHost plugin: a host (and path) is served by one route, oldest wins (SPEC §2.3). */
final class UniqueHost implements RoutePlugin {
    private final HostIndex index;
    private final StatusRecorder status;
    private final RoutePlugin next;

    UniqueHost(Activation activation, StatusRecorder status, RoutePlugin next) {
        this.index = new HostIndex(activation);
        this.status = status;
        this.next = next;
    }

    @Override
    public void upserted(Route route) {
        if (route.host().isEmpty()) {
            reject(route, Condition.NO_HOST_VALUE, "no host value was defined for the route");
            return;
        }
        var invalid = HostNameValidator.rejection(route.host());
        if (invalid.isPresent()) {
            reject(route, Condition.INVALID_HOST, invalid.get());
            return;
        }
        HostIndex.AddResult result = index.add(route);
        // Activations first, so promoted routes exist before anything is taken away.
        result.changes().activated().forEach(next::upserted);
        for (Route other : result.changes().displaced()) {
            if (other.ref().equals(route.ref())) {
                status.reject(route, Condition.HOST_ALREADY_CLAIMED, claimedMessage(route));
            } else {
                status.reject(other, Condition.HOST_ALREADY_CLAIMED, "replaced by older route " + route.name());
            }
            next.deleted(other);
        }
    }

    @Override
    public void deleted(Route route) {
        String host = index.hostOf(route.ref()).orElse(route.host());
        apply(index.remove(route.ref()), host);
        next.deleted(route);
    }

    @Override
    public void namespacesFiltered(Predicate<String> allowed) {
        IndexChanges changes = index.filter(r -> allowed.test(r.namespace()));
        next.namespacesFiltered(allowed);
        changes.activated().forEach(next::upserted);
        changes.displaced().forEach(r -> displacedByOwner(r, r.host()));
    }

    /** A rejection here withdraws the route: its old claim (if any) goes, which may promote others. */
    private void reject(Route route, String reason, String message) {
        status.reject(route, reason, message);
        deleted(route);
    }

    private void apply(IndexChanges changes, String host) {
        changes.activated().forEach(next::upserted);
        changes.displaced().forEach(r -> displacedByOwner(r, host));
    }

    private void displacedByOwner(Route route, String host) {
        List<Route> active = index.activeRoutes(host);
        String owner = active.isEmpty() ? "<unknown>" : active.get(0).namespace();
        status.reject(route, Condition.HOST_ALREADY_CLAIMED, "namespace " + owner + " owns hostname " + host);
        next.deleted(route);
    }

    /** Names the route that blocks this one: the newest active route with the same path, else the newest. */
    private String claimedMessage(Route route) {
        List<Route> active = index.activeRoutes(route.host());
        active.sort(RouteAge.OLDEST_FIRST.reversed());
        Route owner = active.stream().filter(r -> r.path().equals(route.path())).findFirst()
                .orElse(active.isEmpty() ? null : active.get(0));
        if (owner != null && owner.namespace().equals(route.namespace())) {
            return "route " + owner.name() + " already exposes " + route.host() + " and is older";
        }
        return "a route in another namespace holds " + route.host() + " and is older than " + route.name();
    }
}
