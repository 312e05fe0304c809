package io.signalbox.router.render.annotations;

import io.signalbox.router.model.HeaderAction;
import io.signalbox.router.model.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a route's annotations (SPEC §5) and header actions into {@link RouteOptions}. Invalid values are ignored
 * or clipped as OpenShift's template does, and each is reported once per route, annotation and value.
 */
public final class RouteOptionsParser {
    public static final String BALANCE = "haproxy.router.openshift.io/balance";
    public static final String DISABLE_COOKIES = "haproxy.router.openshift.io/disable_cookies";
    public static final String COOKIE_NAME = "router.openshift.io/cookie_name";
    public static final String COOKIE_SAME_SITE = "router.openshift.io/cookie-same-site";
    public static final String TIMEOUT = "haproxy.router.openshift.io/timeout";
    public static final String TIMEOUT_TUNNEL = "haproxy.router.openshift.io/timeout-tunnel";
    public static final String IP_ALLOWLIST = "haproxy.router.openshift.io/ip_allowlist";
    public static final String IP_WHITELIST = "haproxy.router.openshift.io/ip_whitelist";
    public static final String POD_CONNECTIONS = "haproxy.router.openshift.io/pod-concurrent-connections";
    public static final String CHECK_INTERVAL = "router.openshift.io/haproxy.health.check.interval";
    public static final String H1_ADJUST_CASE = "haproxy.router.openshift.io/h1-adjust-case";

    private static final Set<String> ALGORITHMS = Set.of("roundrobin", "leastconn", "source", "random");
    private static final Pattern COOKIE = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Set<String> SAME_SITE = Set.of("Lax", "Strict", "None");

    private final String defaultForwardedHeaders;
    private final boolean h1CaseAdjustEnabled;
    private final OnceLog log;

    /**
     * @param defaultForwardedHeaders ROUTER_SET_FORWARDED_HEADERS (validated)
     * @param h1CaseAdjustEnabled     ROUTER_H1_CASE_ADJUST is set
     */
    public RouteOptionsParser(String defaultForwardedHeaders, boolean h1CaseAdjustEnabled, OnceLog log) {
        this.defaultForwardedHeaders = defaultForwardedHeaders;
        this.h1CaseAdjustEnabled = h1CaseAdjustEnabled;
        this.log = log;
    }

    /**
     * @param http       the backend is in HTTP mode (not passthrough)
     * @param terminated edge or reencrypt
     * @param secureCookie the cookie is Secure (terminated, policy not Allow): only then does SameSite apply
     */
    public RouteOptions parse(Route route, boolean http, boolean terminated, boolean secureCookie) {
        Map<String, String> a = route.annotations();
        Problems problems = new Problems(route);

        String balance = valid(a, BALANCE, ALGORITHMS::contains, problems, "not roundrobin, leastconn, source or random");
        String cookieName = valid(a, COOKIE_NAME, v -> COOKIE.matcher(v).matches(), problems,
                "a cookie name is letters, digits, '_' and '-'");
        String sameSite = secureCookie
                ? Optional.ofNullable(valid(a, COOKIE_SAME_SITE, SAME_SITE::contains, problems, "not Lax, Strict or None"))
                        .orElse("None")
                : null;
        String allowlistKey = a.containsKey(IP_ALLOWLIST) && !a.get(IP_ALLOWLIST).isEmpty() ? IP_ALLOWLIST : IP_WHITELIST;
        IpAllowlist allowlist = IpAllowlist.parse(a.get(allowlistKey), why -> problems.report(allowlistKey, why))
                .orElse(null);
        String forwarded = http
                ? Optional.ofNullable(valid(a, ForwardedHeaders.ANNOTATION, ForwardedHeaders::isValid, problems,
                        "not append, replace, if-none or never")).orElse(defaultForwardedHeaders)
                : null;
        RewriteTarget rewrite = http && a.containsKey(RewriteTarget.ANNOTATION)
                ? RewriteTarget.parse(a.get(RewriteTarget.ANNOTATION), route.path(),
                        why -> problems.report(RewriteTarget.ANNOTATION, why)).orElse(null)
                : null;
        String hsts = terminated && http
                ? valid(a, HstsHeader.ANNOTATION, v -> HstsHeader.parse(v).isPresent(), problems,
                        "not a Strict-Transport-Security value (max-age=N[;includeSubDomains][;preload])")
                : null;
        return new RouteOptions(
                balance,
                GoValues.isTrue(a.get(DISABLE_COOKIES)),
                cookieName,
                sameSite,
                time(a, TIMEOUT, problems),
                time(a, TIMEOUT_TUNNEL, problems),
                allowlist,
                RateLimits.parse(a, http, problems::report).orElse(null),
                maxConnections(a, problems),
                time(a, CHECK_INTERVAL, problems),
                hsts,
                forwarded,
                rewrite,
                http && h1CaseAdjustEnabled && GoValues.isTrue(a.get(H1_ADJUST_CASE)),
                http ? headers(route.httpHeaders().request(), false, problems) : List.of(),
                http ? headers(route.httpHeaders().response(), true, problems) : List.of());
    }

    private static String valid(Map<String, String> a, String name, java.util.function.Predicate<String> check,
                                Problems problems, String why) {
        String value = a.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (check.test(value)) {
            return value;
        }
        problems.report(name, why + ": ignored");
        return null;
    }

    private static String time(Map<String, String> a, String name, Problems problems) {
        String value = a.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        Optional<String> clipped = HaproxyTime.clip(value);
        if (clipped.isEmpty()) {
            problems.report(name, "not a HAProxy time (examples: 500ms, 5s, 1m): ignored");
        } else if (!clipped.get().equals(value)) {
            problems.report(name, "longer than HAProxy allows: clipped to " + clipped.get());
        }
        return clipped.orElse(null);
    }

    private static Integer maxConnections(Map<String, String> a, Problems problems) {
        String value = a.get(POD_CONNECTIONS);
        if (value == null || value.isEmpty()) {
            return null;
        }
        OptionalLong n = GoValues.integer(value);
        // HAProxy's server maxconn is a non-negative int.
        if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > Integer.MAX_VALUE) {
            problems.report(POD_CONNECTIONS, "not a whole number from 0 to 2147483647: ignored");
            return null;
        }
        return (int) n.getAsLong();
    }

    private static List<HeaderRule> headers(List<HeaderAction> actions, boolean response, Problems problems) {
        List<HeaderRule> rules = new ArrayList<>();
        String field = response ? "spec.httpHeaders.actions.response" : "spec.httpHeaders.actions.request";
        for (HeaderAction action : actions) {
            HeaderRules.rule(action, response, why -> problems.report(field, why, action.toString()))
                    .ifPresent(rules::add);
        }
        return rules;
    }

    /** Reports of one route, logged once per route, annotation and value. */
    private final class Problems {
        private final Route route;

        Problems(Route route) {
            this.route = route;
        }

        void report(String annotation, String why) {
            report(annotation, why, route.annotations().get(annotation));
        }

        void report(String field, String why, String value) {
            String printable = Printable.of(String.valueOf(value));
            log.warn(route.ref() + "\u0000" + field + "\u0000" + value + "\u0000" + why,
                    "route " + route.namespace() + "/" + route.name() + ": " + field + "=" + printable + ": " + why);
        }
    }
}
