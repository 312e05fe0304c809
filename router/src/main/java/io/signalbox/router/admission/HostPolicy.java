package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import java.util.Optional;

/** RouterSelection.RouteAdmissionFunc: denied/allowed domains, then the wildcard policy. */
final class HostPolicy {
    private final AdmissionSettings settings;

    HostPolicy(AdmissionSettings settings) {
        this.settings = settings;
    }

    /** The RouteNotAdmitted message, or empty when the route passes. */
    Optional<String> rejection(Route route) {
        String host = route.host();
        if (!host.isEmpty()) {
            if (DomainList.contains(settings.deniedDomains(), host)) {
                return Optional.of("host in list of denied domains");
            }
            if (!settings.allowedDomains().isEmpty() && !DomainList.contains(settings.allowedDomains(), host)) {
                return Optional.of("host not in the allowed list of domains");
            }
        }
        return switch (route.wildcardPolicy()) {
            case "None" -> Optional.empty();
            case "Subdomain" -> settings.allowWildcardRoutes()
                    ? Optional.empty()
                    : Optional.of("wildcard routes are not allowed");
            // An empty policy lands here too: OpenShift relies on API defaulting, which manifests lack.
            default -> Optional.of("unknown wildcard policy " + route.wildcardPolicy());
        };
    }
}
