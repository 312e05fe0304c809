package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * hostindex.RouteActivationFunc: which routes of one host are served. Both lists come in oldest first; routes
 * moved from active to displaced (or inactive to active) are reported to the changes.
 */
enum Activation {
    /** Default: the namespace of the oldest route owns the host; one route per path. */
    SAME_NAMESPACE {
        @Override
        Partition activate(IndexChanges changes, List<Route> active, List<Route> inactive) {
            if (inactive.isEmpty()) {
                return new Partition(active);
            }
            if (active.isEmpty() || RouteAge.isOlder(active.get(0), inactive.get(0))) {
                String owner = (active.isEmpty() ? inactive : active).get(0).namespace();
                Partition result = new Partition(active);
                inactive.forEach(r -> result.append(changes, r, owner.equals(r.namespace()), false));
                result.updated.sort(RouteAge.OLDEST_FIRST);
                return result;
            }
            // An older route from elsewhere claims the host: recompute everything, oldest first.
            return zipperMerge(changes, active, inactive, new FirstNamespaceClaims());
        }
    },
    /** ROUTER_DISABLE_NAMESPACE_OWNERSHIP_CHECK: any namespace; one route per path, oldest wins. */
    OLDEST_FIRST {
        @Override
        Partition activate(IndexChanges changes, List<Route> active, List<Route> inactive) {
            if (inactive.isEmpty()) {
                return new Partition(active);
            }
            return zipperMerge(changes, active, inactive, r -> true);
        }
    };

    abstract Partition activate(IndexChanges changes, List<Route> active, List<Route> inactive);

    static Activation forSettings(AdmissionSettings settings) {
        return settings.disableNamespaceOwnershipCheck() ? OLDEST_FIRST : SAME_NAMESPACE;
    }

    private static Partition zipperMerge(IndexChanges changes, List<Route> active, List<Route> inactive,
                                         Predicate<Route> eligible) {
        Partition result = new Partition(List.of());
        int i = 0;
        int j = 0;
        while (i < inactive.size() || j < active.size()) {
            boolean takeInactive = j >= active.size()
                    || (i < inactive.size() && RouteAge.isOlder(inactive.get(i), active.get(j)));
            Route route = takeInactive ? inactive.get(i++) : active.get(j++);
            result.append(changes, route, eligible.test(route), !takeInactive);
        }
        return result;
    }

    /** The first route offered decides the owning namespace. */
    private static final class FirstNamespaceClaims implements Predicate<Route> {
        private String owner;

        @Override
        public boolean test(Route route) {
            if (owner == null) {
                owner = route.namespace();
                return true;
            }
            return owner.equals(route.namespace());
        }
    }

    /** The outcome: served routes (oldest first) and the rest. */
    static final class Partition {
        final List<Route> updated;
        final List<Route> displaced = new ArrayList<>();

        Partition(List<Route> active) {
            this.updated = new ArrayList<>(active);
        }

        private void append(IndexChanges changes, Route route, boolean eligible, boolean wasActive) {
            if (eligible && !conflictsWithServed(route)) {
                if (!wasActive) {
                    changes.activated(route);
                }
                updated.add(route);
                return;
            }
            if (wasActive) {
                changes.displaced(route);
            }
            displaced.add(route);
        }

        /** hasExistingMatch: same path, or both TLS and one of them passthrough (SPEC §2.3). */
        private boolean conflictsWithServed(Route route) {
            return updated.stream().anyMatch(existing -> existing.path().equals(route.path())
                    || (existing.tls() != null && route.tls() != null
                        && (isPassthrough(existing) || isPassthrough(route))));
        }

        private static boolean isPassthrough(Route route) {
            return "passthrough".equals(route.termination());
        }
    }
}
