package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lookup maps of the three frontends, one set per frontend so that each lookup is a single tree search:
 * <ul>
 *   <li>plain HTTP: routes without TLS and terminated routes with policy Allow name their backend; a route with
 *       policy Redirect (passthrough included) has the value {@value #REDIRECT}, so the longest-path rule also
 *       decides whether to redirect (a plain route on /a beats a redirecting root route);</li>
 *   <li>terminated HTTPS: edge and reencrypt routes, by host and path as on HTTP;</li>
 *   <li>passthrough: lower-case SNI (or "*.domain" for wildcard routes) to the TCP backend.</li>
 * </ul>
 */
record FrontendMaps(RouteMaps.Maps http, RouteMaps.Maps https, Map<String, String> passthrough) {
    static final String REDIRECT = "redirect";

    static FrontendMaps build(Collection<Route> routes, Map<ObjectRef, String> backendNames) {
        List<Route> ordered = RouteMaps.lookupOrder(routes);
        RouteMaps.Maps http = RouteMaps.buildInOrder(ordered, r -> httpValue(r, backendNames.get(r.ref())));
        RouteMaps.Maps https = RouteMaps.buildInOrder(ordered, r -> RouteTls.terminated(r) ? backendNames.get(r.ref()) : null);
        // Passthrough routes have no path, so the lookup order is oldest first among them.
        Map<String, String> passthrough = new TreeMap<>();
        ordered.stream().filter(RouteTls::passthrough)
                .forEach(r -> passthrough.putIfAbsent(RouteMaps.hostKey(r), backendNames.get(r.ref())));
        return new FrontendMaps(http, https, passthrough);
    }

    private static String httpValue(Route route, String backend) {
        String policy = RouteTls.insecurePolicy(route);
        if (route.tls() == null) {
            return backend;
        }
        if (policy.equals("Redirect")) {
            return REDIRECT;
        }
        return RouteTls.terminated(route) && policy.equals("Allow") ? backend : null;
    }

    /** The map files, by the names the template reads them from. */
    void addFiles(Map<String, String> files) {
        files.put("http_exact.map", http.exactFile());
        files.put("http_prefix.map", http.prefixFile());
        files.put("https_exact.map", https.exactFile());
        files.put("https_prefix.map", https.prefixFile());
        files.put("sni_passthrough.map", RouteMaps.Maps.render(passthrough));
    }
}
