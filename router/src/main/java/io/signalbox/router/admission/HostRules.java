package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The routes of one host: active (served, oldest first) and inactive (kept for promotion, oldest first). */
final class HostRules {
    private List<Route> active = new ArrayList<>();
    private List<Route> inactive = new ArrayList<>();

    boolean isEmpty() {
        return active.isEmpty() && inactive.isEmpty();
    }

    List<Route> active() {
        return List.copyOf(active);
    }

    Route find(ObjectRef ref) {
        return concat().stream().filter(r -> r.ref().equals(ref)).findFirst().orElse(null);
    }

    boolean isActive(ObjectRef ref) {
        return active.stream().anyMatch(r -> r.ref().equals(ref));
    }

    /** An update that changes nothing the index orders or compares by keeps the route's place. */
    void replace(Route updated) {
        active.replaceAll(r -> r.ref().equals(updated.ref()) ? updated : r);
        inactive.replaceAll(r -> r.ref().equals(updated.ref()) ? updated : r);
    }

    void add(Route route, Activation activation, IndexChanges changes) {
        if (active.isEmpty()) {
            changes.activated(route);
            active.add(route);
            return;
        }
        Activation.Partition result = activation.activate(changes, active, List.of(route));
        active = result.updated;
        if (result.displaced.contains(route)) {
            changes.displaced(route);
        }
        inactive.addAll(result.displaced);
        inactive.sort(RouteAge.OLDEST_FIRST);
    }

    void remove(ObjectRef ref, Activation activation, IndexChanges changes) {
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).ref().equals(ref)) {
                active.remove(i);
                // Any freed path may let an inactive route in (SPEC §10 case 4), not only a new owner.
                reset(activation, changes);
                return;
            }
        }
        inactive.removeIf(r -> r.ref().equals(ref));
    }

    /** Drops the routes that fail keep; returns them. */
    List<Route> filter(Predicate<Route> keep, Activation activation, IndexChanges changes) {
        List<Route> dropped = new ArrayList<>(concat().stream().filter(keep.negate()).toList());
        boolean activeChanged = active.removeIf(keep.negate());
        inactive.removeIf(keep.negate());
        if (activeChanged && !isEmpty()) {
            reset(activation, changes);
        }
        return dropped;
    }

    private void reset(Activation activation, IndexChanges changes) {
        Activation.Partition result = activation.activate(changes, active, inactive);
        active = result.updated;
        inactive = result.displaced;
        inactive.sort(RouteAge.OLDEST_FIRST);
    }

    private List<Route> concat() {
        List<Route> all = new ArrayList<>(active);
        all.addAll(inactive);
        return all;
    }
}
