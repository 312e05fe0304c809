package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * cert_config.map, HAProxy's crt-list for the SNI frontend: each route with a certificate of its own is served
 * for its host (or "*.domain"). HTTP/2 is offered per line, and only where it is safe: a certificate that another
 * route or the default certificate also uses could make a browser coalesce connections for different routes onto
 * one HTTP/2 connection, so such lines get no ALPN (OpenShift PR #589), and ROUTER_DISABLE_HTTP2 removes it all.
 */
final class CertList {
    private static final String ALPN = "[alpn h2,http/1.1] ";

    private CertList() {
    }

    /**
     * @param files          each route's serving certificate file (absolute path)
     * @param defaultPem     the default certificate's PEM, whose certificate no route may share and still get h2
     */
    static String render(Collection<Route> routes, Map<ObjectRef, String> files, String defaultPem, boolean disableHttp2) {
        Map<String, Integer> uses = new HashMap<>();
        routes.stream().filter(RouteTls::ownCertificate).forEach(r -> uses.merge(r.tls().certificate(), 1, Integer::sum));
        List<String> lines = new ArrayList<>();
        for (Route route : routes) {
            if (!RouteTls.ownCertificate(route)) {
                continue;
            }
            String certificate = route.tls().certificate();
            boolean h2 = !disableHttp2 && uses.get(certificate) == 1 && !defaultPem.contains(certificate.strip());
            lines.add(files.get(route.ref()) + " " + (h2 ? ALPN : "") + RouteMaps.hostKey(route));
        }
        // Reverse order as OpenShift writes it; HAProxy prefers exact names over wildcards whatever the order.
        lines.sort(Comparator.reverseOrder());
        StringBuilder out = new StringBuilder(lines.size() * 128);
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
