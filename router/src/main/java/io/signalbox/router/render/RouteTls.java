package io.signalbox.router.render;

import io.signalbox.router.model.Route;

/** How a route's spec.tls shapes its traffic; spec.tls was validated in admission (ExtendedValidator). */
final class RouteTls {
    private RouteTls() {
    }

    static boolean passthrough(Route route) {
        return route.termination().equals("passthrough");
    }

    static boolean reencrypt(Route route) {
        return route.termination().equals("reencrypt");
    }

    /** Edge and reencrypt: TLS ends in HAProxy. */
    static boolean terminated(Route route) {
        return route.termination().equals("edge") || reencrypt(route);
    }

    /** insecureEdgeTerminationPolicy, None when empty. */
    static String insecurePolicy(Route route) {
        String policy = route.tls() == null ? null : route.tls().insecureEdgeTerminationPolicy();
        return policy == null || policy.isEmpty() ? "None" : policy;
    }

    /** A terminated route with a certificate of its own; the others are served with the default certificate. */
    static boolean ownCertificate(Route route) {
        return terminated(route) && !blank(route.tls().certificate());
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
