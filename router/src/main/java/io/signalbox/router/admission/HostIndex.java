package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** hostindex.hostIndex: routes by exact host, which of them are served, and what each change moved. */
final class HostIndex {
    private final Activation activation;
    private final Map<String, HostRules> hostToRules = new HashMap<>();
    private final Map<ObjectRef, String> routeToHost = new HashMap<>();

    HostIndex(Activation activation) {
        this.activation = activation;
    }

    /** @param newRoute true when the index did not hold this route before */
    record AddResult(IndexChanges changes, boolean newRoute) {
    }

    AddResult add(Route route) {
        IndexChanges changes = new IndexChanges();
        String host = route.host();
        boolean newRoute = true;
        String oldHost = routeToHost.put(route.ref(), host);
        if (oldHost != null && !oldHost.equals(host)) {
            removeFrom(oldHost, route.ref(), changes);
            newRoute = false;
        }
        HostRules rules = hostToRules.computeIfAbsent(host, h -> new HostRules());
        Route existing = rules.find(route.ref());
        if (existing != null) {
            newRoute = false;
            if (!samePlace(existing, route)) {
                // A missed delete (new uid) or a change to what the index compares: re-add from scratch.
                rules.remove(existing.ref(), activation, changes);
            } else {
                if (!existing.equals(route)) {
                    rules.replace(route);
                    if (rules.isActive(route.ref())) {
                        changes.activated(route);
                    }
                }
                return new AddResult(changes, false);
            }
        }
        rules.add(route, activation, changes);
        return new AddResult(changes, newRoute);
    }

    IndexChanges remove(ObjectRef ref) {
        IndexChanges changes = new IndexChanges();
        String host = routeToHost.remove(ref);
        if (host != null) {
            removeFrom(host, ref, changes);
        }
        return changes;
    }

    /** Keeps only the routes keep accepts (HandleNamespaces); inactive routes may be promoted. */
    IndexChanges filter(Predicate<Route> keep) {
        IndexChanges changes = new IndexChanges();
        for (var it = hostToRules.values().iterator(); it.hasNext(); ) {
            HostRules rules = it.next();
            rules.filter(keep, activation, changes).forEach(r -> routeToHost.remove(r.ref()));
            if (rules.isEmpty()) {
                it.remove();
            }
        }
        return changes;
    }

    Optional<String> hostOf(ObjectRef ref) {
        return Optional.ofNullable(routeToHost.get(ref));
    }

    /** Active routes of the host, oldest first. */
    List<Route> activeRoutes(String host) {
        HostRules rules = hostToRules.get(host);
        return rules == null ? List.of() : new ArrayList<>(rules.active());
    }

    private void removeFrom(String host, ObjectRef ref, IndexChanges changes) {
        HostRules rules = hostToRules.get(host);
        if (rules == null) {
            return;
        }
        rules.remove(ref, activation, changes);
        if (rules.isEmpty()) {
            hostToRules.remove(host);
        }
    }

    /** Same uid and the same path and TLS shape: the index may update the route where it stands. */
    private static boolean samePlace(Route existing, Route route) {
        return Objects.equals(existing.uid(), route.uid())
                && existing.path().equals(route.path())
                && (existing.tls() == null) == (route.tls() == null)
                && existing.termination().equals(route.termination())
                && existing.wildcardPolicy().equals(route.wildcardPolicy());
    }
}
