package io.signalbox.router.admission;

import java.util.Set;

/** OpenShift's hostInDomainList: a host matches if it, or a suffix of whole labels, is in the set. */
final class DomainList {
    private DomainList() {
    }

    static boolean contains(Set<String> domains, String host) {
        String candidate = host;
        while (true) {
            if (domains.contains(candidate)) {
                return true;
            }
            int dot = candidate.indexOf('.');
            // Go recurses only when idx > 0, so a leading dot stops the walk.
            if (dot <= 0) {
                return false;
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    /** routeapihelpers.GetDomainForHost: everything after the first dot, "" for a single label. */
    static String domainOf(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? "" : host.substring(dot + 1);
    }
}
