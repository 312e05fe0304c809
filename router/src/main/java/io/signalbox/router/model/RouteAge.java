package io.signalbox.router.model;

import java.time.Instant;
import java.util.Comparator;

/**
 * "Oldest wins" ordering, as OpenShift's RouteLessThan: creationTimestamp, then uid as a string.
 * Manifests may lack both, so the order stays a pure function of the manifests: a route without a
 * creationTimestamp is newer than every route that has one, and a route without a uid uses
 * "namespace/name" in its place.
 */
public final class RouteAge {
    /** Oldest first. */
    public static final Comparator<Route> OLDEST_FIRST = Comparator
            .comparing((Route r) -> r.creationTimestamp() == null ? Instant.MAX : r.creationTimestamp())
            .thenComparing(RouteAge::uidOrRef);

    private RouteAge() {
    }

    /** True when a is strictly older than b. */
    public static boolean isOlder(Route a, Route b) {
        return OLDEST_FIRST.compare(a, b) < 0;
    }

    static String uidOrRef(Route route) {
        return route.uid() == null || route.uid().isEmpty() ? route.ref().toString() : route.uid();
    }
}
