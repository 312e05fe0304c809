package io.signalbox.router.render.annotations;

import java.util.List;

/**
 * What a route's annotations and spec.httpHeaders ask of its backend, validated (SPEC §5): every value here can be
 * printed into the config as is. Null means "not set": the template's default applies.
 *
 * @param balance              the balance annotation, when it names an algorithm
 * @param disableCookies       no sticky cookie
 * @param cookieName           the cookie_name annotation, when it is a valid name
 * @param cookieSameSite       SameSite of the secure cookie: Lax, Strict or None
 * @param serverTimeout        timeout annotation (clipped)
 * @param tunnelTimeout        timeout-tunnel annotation (clipped)
 * @param allowlist            ip_allowlist (or ip_whitelist), or null for everyone
 * @param rateLimits           rate-limit-connections, or null when off
 * @param serverMaxConnections pod-concurrent-connections: maxconn on every server
 * @param healthCheckInterval  haproxy.health.check.interval (clipped)
 * @param hsts                 Strict-Transport-Security value (edge and reencrypt only)
 * @param forwardedHeaders     append, replace, if-none or never (annotation, else ROUTER_SET_FORWARDED_HEADERS)
 * @param rewrite              rewrite-target, or null
 * @param h1AdjustCase         option h1-case-adjust-bogus-server (the annotation and ROUTER_H1_CASE_ADJUST)
 * @param requestHeaders       spec.httpHeaders.actions.request
 * @param responseHeaders      spec.httpHeaders.actions.response
 */
public record RouteOptions(
        String balance,
        boolean disableCookies,
        String cookieName,
        String cookieSameSite,
        String serverTimeout,
        String tunnelTimeout,
        IpAllowlist allowlist,
        RateLimits rateLimits,
        Integer serverMaxConnections,
        String healthCheckInterval,
        String hsts,
        String forwardedHeaders,
        RewriteTarget rewrite,
        boolean h1AdjustCase,
        List<HeaderRule> requestHeaders,
        List<HeaderRule> responseHeaders) {

    public RouteOptions {
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
    }

    /** No annotations: what the template does by default (forwarded headers appended on HTTP backends). */
    public static RouteOptions defaults(boolean http, boolean secureCookie) {
        return new RouteOptions(null, false, null, secureCookie ? "None" : null, null, null, null, null, null, null, null,
                http ? ForwardedHeaders.APPEND : null, null, false, List.of(), List.of());
    }

    /** Passthrough backends: timeout-tunnel, else the timeout annotation. */
    public String tcpTunnelTimeout() {
        return tunnelTimeout != null ? tunnelTimeout : serverTimeout;
    }
}
