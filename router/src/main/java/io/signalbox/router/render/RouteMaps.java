package io.signalbox.router.render;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the host+path lookup maps of a frontend (one pair per frontend, see {@link FrontendMaps}). OpenShift scans one regex per route on every request; here every
 * lookup is a tree search, so routing cost does not grow with the number of routes. The frontend builds the key
 * "lower-case host (no port, no trailing dot) + path" and looks it up:
 * <ol>
 *   <li>exactly, in the exact map: a route path "/foo" owns the key "host/foo";</li>
 *   <li>by longest prefix, in the prefix map: "/foo" also owns "host/foo/" (a segment boundary, so "/foobar" does
 *       not match), a path ending in "/" owns itself, and a route without a path owns "host/";</li>
 *   <li>when neither matched, both again with the first label replaced by "*", where wildcard routes live.</li>
 * </ol>
 * That keeps OpenShift's semantics: the longest path wins, exact hosts win over wildcards, paths are case-sensitive.
 */
public final class RouteMaps {
    private RouteMaps() {
    }

    /** The two maps, each a sorted map from key to backend name. */
    public record Maps(Map<String, String> exact, Map<String, String> prefix) {
        public String exactFile() {
            return render(exact);
        }

        public String prefixFile() {
            return render(prefix);
        }

        static String render(Map<String, String> entries) {
            StringBuilder out = new StringBuilder(entries.size() * 64);
            entries.forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
            return out.toString();
        }
    }

    /**
     * The order in which routes claim map keys: oldest first (with putIfAbsent, should two routes ever share a key,
     * the older one keeps it), and a path ending in "/" before the same path without it on the shared prefix key,
     * as in OpenShift's sort. Sorting 10,000 routes is a good part of a render: sort once, build every map from it.
     */
    static List<Route> lookupOrder(Collection<Route> routes) {
        List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(RouteAge.OLDEST_FIRST);
        ordered.sort(Comparator.comparing((Route r) -> !r.path().endsWith("/")));
        return ordered;
    }

    /**
     * Builds the maps for these admitted routes, in {@link #lookupOrder}; valueOf gives a route's map value, or null
     * to leave it out.
     */
    static Maps buildInOrder(List<Route> ordered, Function<Route, String> valueOf) {
        Map<String, String> exact = new TreeMap<>();
        Map<String, String> prefix = new TreeMap<>();
        for (Route route : ordered) {
            String value = valueOf.apply(route);
            if (value == null) {
                continue;
            }
            String host = hostKey(route);
            String path = normalizedPath(route.path());
            if (path.isEmpty()) {
                prefix.putIfAbsent(host + "/", value);
            } else if (path.endsWith("/")) {
                prefix.putIfAbsent(host + path, value);
            } else {
                exact.putIfAbsent(host + path, value);
                prefix.putIfAbsent(host + path + "/", value);
            }
        }
        return new Maps(exact, prefix);
    }

    /** "*.domain" for a wildcard route (its host minus the first label), else the lower-case host. */
    static String hostKey(Route route) {
        String host = route.host().toLowerCase(java.util.Locale.ROOT);
        if (route.isWildcard()) {
            int dot = host.indexOf('.');
            return dot < 0 ? "*" : "*" + host.substring(dot);
        }
        return host;
    }

    /** A path of only slashes is the same as no path (OpenShift's GenerateRouteRegexp). */
    static String normalizedPath(String path) {
        return path.chars().allMatch(c -> c == '/') ? "" : path;
    }
}
