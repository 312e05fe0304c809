package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import java.util.Map;

/**
 * RouterSelection.RouteUpdate: generates or overrides spec.host before anything else sees the route, so every
 * later step and the status carry the effective host (SPEC §2.6).
 */
final class HostRewriter {
    private final AdmissionSettings settings;
    private final HostnameTemplate template;

    HostRewriter(AdmissionSettings settings) {
        this.settings = settings;
        this.template = new HostnameTemplate(settings.routerSubdomain());
    }

    Route apply(Route route) {
        String host = route.host();
        if (host.isEmpty() && !route.subdomain().isEmpty() && !settings.routerDomain().isEmpty()) {
            host = route.subdomain() + "." + settings.routerDomain();
        }
        if (!settings.routerSubdomain().isEmpty() && mayOverride(host)) {
            host = template.expand(Map.of("name", route.name(), "namespace", route.namespace()))
                    .map(HostRewriter::trimQuotes)
                    .orElse(host);
        }
        return host.equals(route.host()) ? route : route.withHost(host);
    }

    private boolean mayOverride(String host) {
        return settings.overrideHostname() || host.isEmpty()
                || DomainList.contains(settings.overrideDomains(), host);
    }

    /** strings.Trim(s, "\"'"). */
    private static String trimQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isQuote(s.charAt(start))) {
            start++;
        }
        while (end > start && isQuote(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }
}
