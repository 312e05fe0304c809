package io.signalbox.router.render.annotations;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every annotation of SPEC §5: what it turns into, what is ignored or clipped, and that each mistake is logged once. */
class RouteOptionsParserTest {
    private final List<String> logged = new ArrayList<>();
    private final RouteOptionsParser parser = new RouteOptionsParser("append", true, new OnceLog(logged::add));

    private static RouteBuilder plain() {
        return route("ns", "r").host("h.example.com").path("/api");
    }

    private RouteOptions http(Route route) {
        return parser.parse(route, true, false, false);
    }

    private RouteOptions edge(Route route) {
        return parser.parse(route, true, true, true);
    }

    @Test
    void withoutAnnotationsEverythingIsTheTemplatesDefault() {
        assertThat(http(plain().build())).isEqualTo(RouteOptions.defaults(true, false));
        assertThat(edge(plain().build())).isEqualTo(RouteOptions.defaults(true, true));
        assertThat(logged).isEmpty();
    }

    @Test
    void balanceMustNameAnAlgorithm() {
        assertThat(http(plain().annotation(RouteOptionsParser.BALANCE, "leastconn").build()).balance()).isEqualTo("leastconn");
        assertThat(http(plain().annotation(RouteOptionsParser.BALANCE, "first").build()).balance()).isNull();
        assertThat(logged).singleElement().asString().contains("ns/r", "balance=first", "ignored");
    }

    @Test
    void cookies() {
        RouteOptions options = edge(plain().annotation(RouteOptionsParser.DISABLE_COOKIES, "true")
                .annotation(RouteOptionsParser.COOKIE_NAME, "my-cookie_1")
                .annotation(RouteOptionsParser.COOKIE_SAME_SITE, "Strict").build());
        assertThat(options.disableCookies()).isTrue();
        assertThat(options.cookieName()).isEqualTo("my-cookie_1");
        assertThat(options.cookieSameSite()).isEqualTo("Strict");
        RouteOptions bad = edge(plain().annotation(RouteOptionsParser.COOKIE_NAME, "a;b")
                .annotation(RouteOptionsParser.COOKIE_SAME_SITE, "lax").build());
        assertThat(bad.cookieName()).isNull();
        assertThat(bad.cookieSameSite()).isEqualTo("None");
        // SameSite goes with Secure only: plain HTTP routes have neither.
        assertThat(http(plain().annotation(RouteOptionsParser.COOKIE_SAME_SITE, "Lax").build()).cookieSameSite()).isNull();
    }

    @Test
    void timeoutsAreClippedOrIgnored() {
        RouteOptions options = http(plain().annotation(RouteOptionsParser.TIMEOUT, "5000d")
                .annotation(RouteOptionsParser.TIMEOUT_TUNNEL, "abc")
                .annotation(RouteOptionsParser.CHECK_INTERVAL, "250ms").build());
        assertThat(options.serverTimeout()).isEqualTo("2147483647ms");
        assertThat(options.tunnelTimeout()).isNull();
        assertThat(options.healthCheckInterval()).isEqualTo("250ms");
        assertThat(logged).hasSize(2);
        RouteOptions tcp = parser.parse(plain().annotation(RouteOptionsParser.TIMEOUT, "7s").build(), false, false, false);
        assertThat(tcp.tcpTunnelTimeout()).isEqualTo("7s");
    }

    @Test
    void allowlistPrefersTheNewNameAndFallsBackToTheLegacyOne() {
        assertThat(http(plain().annotation(RouteOptionsParser.IP_WHITELIST, "10.0.0.1").build()).allowlist().entries())
                .containsExactly("10.0.0.1");
        assertThat(http(plain().annotation(RouteOptionsParser.IP_WHITELIST, "10.0.0.1")
                .annotation(RouteOptionsParser.IP_ALLOWLIST, "10.0.0.2").build()).allowlist().entries())
                .containsExactly("10.0.0.2");
        assertThat(http(plain().annotation(RouteOptionsParser.IP_ALLOWLIST, " 10.0.0.1").build()).allowlist()).isNull();
    }

    @Test
    void rateLimitsNeedTheSwitchAndIntegers() {
        assertThat(http(plain().annotation(RateLimits.RATE_HTTP, "3").build()).rateLimits()).isNull();
        RouteOptions options = http(plain().annotation(RateLimits.ENABLED, "true").annotation(RateLimits.RATE_HTTP, "+3")
                .annotation(RateLimits.RATE_TCP, "x").annotation(RateLimits.CONCURRENT_TCP, "10").build());
        assertThat(options.rateLimits()).isEqualTo(new RateLimits(10L, null, 3L));
        RouteOptions tcp = parser.parse(plain().annotation(RateLimits.ENABLED, "1").annotation(RateLimits.RATE_HTTP, "3")
                .build(), false, false, false);
        assertThat(tcp.rateLimits()).isEqualTo(new RateLimits(null, null, null));
    }

    @Test
    void podConcurrentConnectionsIsAServerMaxconn() {
        assertThat(http(plain().annotation(RouteOptionsParser.POD_CONNECTIONS, "20").build()).serverMaxConnections()).isEqualTo(20);
        assertThat(http(plain().annotation(RouteOptionsParser.POD_CONNECTIONS, "-1").build()).serverMaxConnections()).isNull();
        assertThat(http(plain().annotation(RouteOptionsParser.POD_CONNECTIONS, "lots").build()).serverMaxConnections()).isNull();
    }

    @Test
    void hstsOnlyOnTerminatedRoutes() {
        Route route = plain().annotation(HstsHeader.ANNOTATION, "max-age=31536000;includeSubDomains;preload").build();
        assertThat(edge(route).hsts()).isEqualTo("max-age=31536000;includeSubDomains;preload");
        assertThat(http(route).hsts()).isNull();
        assertThat(edge(plain().annotation(HstsHeader.ANNOTATION, "min-age=99999").build()).hsts()).isNull();
    }

    @Test
    void forwardedHeadersRewriteAndCaseAdjustAreForHttpBackendsOnly() {
        Route route = plain().annotation(ForwardedHeaders.ANNOTATION, "never").annotation(RewriteTarget.ANNOTATION, "/v2")
                .annotation(RouteOptionsParser.H1_ADJUST_CASE, "true").build();
        RouteOptions options = http(route);
        assertThat(options.forwardedHeaders()).isEqualTo("never");
        assertThat(options.rewrite()).isEqualTo(new RewriteTarget("^/api(.*)$", "/v2\\1"));
        assertThat(options.h1AdjustCase()).isTrue();
        RouteOptions tcp = parser.parse(route, false, false, false);
        assertThat(tcp.forwardedHeaders()).isNull();
        assertThat(tcp.rewrite()).isNull();
        assertThat(tcp.h1AdjustCase()).isFalse();
        assertThat(http(plain().annotation(ForwardedHeaders.ANNOTATION, "sometimes").build()).forwardedHeaders()).isEqualTo("append");
        RouteOptionsParser noCaseAdjust = new RouteOptionsParser("replace", false, new OnceLog(logged::add));
        assertThat(noCaseAdjust.parse(route, true, false, false).h1AdjustCase()).isFalse();
        assertThat(noCaseAdjust.parse(plain().build(), true, false, false).forwardedHeaders()).isEqualTo("replace");
    }

    @Test
    void aMistakeIsLoggedOncePerRouteAnnotationAndValueNotOnEveryRender() {
        Route route = plain().annotation(RouteOptionsParser.TIMEOUT, "soon").build();
        http(route);
        http(route);
        assertThat(logged).hasSize(1);
        http(plain().annotation(RouteOptionsParser.TIMEOUT, "later").build());
        http(route("ns", "other").host("h").annotation(RouteOptionsParser.TIMEOUT, "soon").build());
        assertThat(logged).hasSize(3);
    }
}
