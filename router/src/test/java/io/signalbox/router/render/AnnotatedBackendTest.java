package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.CheckResult;
import io.signalbox.router.config.EnvReader;
import io.signalbox.router.config.TuningSettings;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.HeaderAction;
import io.signalbox.router.model.HeaderActions;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteBuilder;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.render.annotations.RateLimits;
import io.signalbox.router.render.annotations.RouteOptionsParser;
import io.signalbox.router.state.RouterSnapshot;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Annotations and header actions as they come out in haproxy.config, checked by the real HAProxy. */
class AnnotatedBackendTest {
    private static final Map<ObjectRef, ServiceEndpoints> ENDPOINTS = Map.of(new ObjectRef("ns", "svc"),
            new ServiceEndpoints(new ObjectRef("ns", "svc"), List.of(new EndpointSubset(
                    List.of(new EndpointAddress("10.0.0.1", "pod-a"), new EndpointAddress("10.0.0.2", "pod-b")),
                    List.of(new EndpointPort("web", 8080, "TCP", null))))));
    private HaproxyCheck haproxy;

    @BeforeEach
    void setUp(@TempDir Path root) throws Exception {
        haproxy = new HaproxyCheck(root);
    }

    private RenderedConfig render(TuningSettings tuning, Route... routes) {
        Map<ObjectRef, Route> byRef = new HashMap<>();
        for (Route r : routes) {
            byRef.put(r.ref(), r);
        }
        return new ConfigRenderer(haproxy.settings(tuning)).render(new RouterSnapshot(byRef, ENDPOINTS, Map.of()));
    }

    private static String section(RenderedConfig config, String backend) {
        String text = config.config();
        int at = text.indexOf("backend " + backend + "\n");
        int end = text.indexOf("\nbackend ", at + 1);
        return text.substring(at, end < 0 ? text.length() : end);
    }

    private static RouteBuilder annotated(String name) {
        return route("ns", name).host(name + ".example.com").path("/api/v1").toService("svc")
                .annotation(RouteOptionsParser.BALANCE, "leastconn")
                .annotation(RouteOptionsParser.COOKIE_NAME, "jar")
                .annotation(RouteOptionsParser.TIMEOUT, "1s")
                .annotation(RouteOptionsParser.TIMEOUT_TUNNEL, "5000d")
                .annotation(RouteOptionsParser.IP_ALLOWLIST, "10.0.0.0/8 192.168.1.1")
                .annotation(RateLimits.ENABLED, "true")
                .annotation(RateLimits.CONCURRENT_TCP, "10")
                .annotation(RateLimits.RATE_TCP, "20")
                .annotation(RateLimits.RATE_HTTP, "3")
                .annotation(RouteOptionsParser.POD_CONNECTIONS, "7")
                .annotation(RouteOptionsParser.CHECK_INTERVAL, "abc")
                .annotation("haproxy.router.openshift.io/rewrite-target", "/v2")
                .annotation("haproxy.router.openshift.io/set-forwarded-headers", "replace");
    }

    @Test
    void everyAnnotationOfAnHttpRouteReachesItsBackendAndHaproxyAcceptsIt() throws Exception {
        RenderedConfig config = render(TuningSettings.defaults(), annotated("web").build());
        assertThat(section(config, "be_http:ns:web")).contains(
                "  balance leastconn\n",
                "  acl allowlist src 10.0.0.0/8 192.168.1.1\n  # Clients outside the list",
                "  tcp-request content reject if !allowlist\n",
                "  timeout server 1s\n",
                "  timeout tunnel 2147483647ms\n",
                "  stick-table type ip size 100k expire 30s store conn_cur,conn_rate(3s),http_req_rate(10s)\n",
                "  tcp-request content reject if { src_conn_cur ge 10 }\n",
                "  tcp-request content reject if { src_conn_rate ge 20 }\n",
                "  tcp-request content reject if { src_http_req_rate ge 3 }\n",
                "  http-request set-header X-Forwarded-For %[src]\n",
                "  http-request replace-path '^/api/v1(.*)$' '/v2\\1'\n",
                "  cookie jar insert indirect nocache httponly\n",
                " check inter 5000ms maxconn 7\n")
                .doesNotContain("option forwardfor", "Strict-Transport-Security");
        CheckResult result = haproxy.check(config);
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @Test
    void edgeRoutesGetHstsAndSameSiteAndCookiesCanBeTurnedOff() throws Exception {
        Route edge = route("ns", "edge").host("edge.example.com").toService("svc")
                .tls(new TlsConfig("edge", null, null, null, null, null))
                .annotation("haproxy.router.openshift.io/hsts_header", "max-age=31536000;includeSubDomains;preload")
                .annotation(RouteOptionsParser.COOKIE_SAME_SITE, "Lax").build();
        Route noCookies = route("ns", "plain").host("plain.example.com").toService("svc")
                .annotation(RouteOptionsParser.DISABLE_COOKIES, "TRUE").build();
        RenderedConfig config = render(TuningSettings.defaults(), edge, noCookies);
        assertThat(section(config, "be_edge_http:ns:edge")).contains(
                "secure attr SameSite=Lax\n",
                "  http-response set-header Strict-Transport-Security 'max-age=31536000;includeSubDomains;preload'\n",
                "  option forwardfor\n",
                "  http-request add-header X-Forwarded-Proto-Version h2 if { ssl_fc_alpn -i h2 }\n");
        assertThat(section(config, "be_http:ns:plain")).doesNotContain("\n  cookie ");
        CheckResult result = haproxy.check(config);
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @Test
    void aLongAllowlistIsAFileBesideTheConfig() throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= 70; i++) {
            list.append(i == 1 ? "" : " ").append("10.1.0.").append(i);
        }
        Route route = route("ns", "long").host("long.example.com").toService("svc")
                .annotation(RouteOptionsParser.IP_WHITELIST, list.toString()).build();
        RenderedConfig config = render(TuningSettings.defaults(), route);
        assertThat(section(config, "be_http:ns:long"))
                .contains("  acl allowlist src -f \"${SIGNALBOX_CONF}/allowlist_ns:long.txt\"\n");
        assertThat(config.files().get("allowlist_ns:long.txt").lines()).hasSize(70).contains("10.1.0.70");
        CheckResult result = haproxy.check(config);
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @Test
    void passthroughBackendsTakeTheTcpAnnotations() throws Exception {
        Route tcp = route("ns", "tcp").host("tcp.example.com").toService("svc")
                .tls(new TlsConfig("passthrough", null, null, null, null, null))
                .annotation(RouteOptionsParser.TIMEOUT, "9s")
                .annotation(RouteOptionsParser.IP_ALLOWLIST, "10.0.0.1")
                .annotation(RateLimits.ENABLED, "true").annotation(RateLimits.RATE_HTTP, "3").build();
        RenderedConfig config = render(TuningSettings.defaults(), tcp);
        assertThat(section(config, "be_tcp:ns:tcp")).contains("  balance source\n", "  timeout tunnel 9s\n",
                "  acl allowlist src 10.0.0.1\n").doesNotContain("src_http_req_rate", "cookie");
        CheckResult result = haproxy.check(config);
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @Test
    void routeHeaderActionsRunInTheBackendAndGlobalOnesInTheFrontends() throws Exception {
        Route route = annotated("hdr").build();
        Route withHeaders = new Route(route.ref(), route.uid(), route.creationTimestamp(), "1", route.labels(),
                route.annotations(), route.host(), "", route.path(), "None", route.to(), List.of(), null, null,
                new HeaderActions(List.of(new HeaderAction("X-Route", "Set", "it's %[req.hdr(host)]"),
                        new HeaderAction("X-Drop", "Delete", null)),
                        List.of(new HeaderAction("X-Served-By", "Set", "route"))));
        TuningSettings tuning = TuningSettings.fromEnv(new EnvReader(Map.of(
                "ROUTER_HTTP_REQUEST_HEADERS", "X-Route:global:Set,X-Env:a%3Ab%2Cc:Set",
                "ROUTER_HTTP_RESPONSE_HEADERS", "X-Served-By:router:Set,Server:Delete")), "random");
        RenderedConfig config = render(tuning, withHeaders);
        assertThat(section(config, "be_http:ns:hdr")).contains(
                "  http-request set-header 'X-Route' 'it'\\''s %[req.hdr(host)]'\n",
                "  http-request del-header 'X-Drop'\n",
                "  http-response set-header 'X-Served-By' 'route'\n");
        String frontend = config.config().substring(config.config().indexOf("frontend public\n"));
        assertThat(frontend).contains("  http-request set-header 'X-Route' 'global'\n",
                "  http-request set-header 'X-Env' 'a:b,c'\n",
                "  http-response set-header 'X-Served-By' 'router'\n", "  http-response del-header 'Server'\n");
        CheckResult result = haproxy.check(config);
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @Test
    void everyGlobalSettingRendersAConfigHaproxyAccepts() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ROUTER_DEFAULT_CONNECT_TIMEOUT", "2s");
        env.put("ROUTER_DEFAULT_TUNNEL_TIMEOUT", "5000d");
        env.put("ROUTER_THREADS", "2");
        env.put("ROUTER_ENABLE_COMPRESSION", "true");
        env.put("ROUTER_SYSLOG_ADDRESS", "127.0.0.1:514");
        env.put("ROUTER_SYSLOG_FORMAT", "%ci:%cp [%tr] %ft %b/%s it's");
        env.put("ROUTER_CAPTURE_HTTP_REQUEST_HEADERS", "Host:80,User-Agent:256");
        env.put("ROUTER_CAPTURE_HTTP_RESPONSE_HEADERS", "Content-Type:40");
        env.put("ROUTER_CAPTURE_HTTP_COOKIE", "session=:100");
        env.put("ROUTER_UNIQUE_ID_FORMAT", "%{+X}o %ci:%cp_%fi:%fp_%Ts_%rt:%pid");
        env.put("ROUTER_UNIQUE_ID_HEADER_NAME", "X-Request-Id");
        env.put("ROUTER_H1_CASE_ADJUST", "Content-Type,X-Custom");
        env.put("ROUTER_USE_PROXY_PROTOCOL", "true");
        env.put("ROUTER_SET_FORWARDED_HEADERS", "if-none");
        Route route = route("ns", "case").host("case.example.com").toService("svc")
                .annotation(RouteOptionsParser.H1_ADJUST_CASE, "true").build();
        RenderedConfig config = render(TuningSettings.fromEnv(new EnvReader(env), "random"), route);
        assertThat(config.config()).contains("  nbthread 2\n", "  log 127.0.0.1:514 len 1024 local1 warning\n",
                "  h1-case-adjust content-type Content-Type\n", "  tune.http.cookielen 100\n",
                "  timeout connect 2s\n", "  timeout tunnel 2147483647ms\n", "  log global\n",
                "  log-format '%ci:%cp [%tr] %ft %b/%s it'\\''s'\n", "  compression algo gzip\n",
                "  compression type text/html text/plain text/css\n", "  unique-id-header X-Request-Id\n",
                "  bind 127.0.0.1:8080 accept-proxy\n", "  capture request header Host len 80\n",
                "  capture cookie session= len 100\n");
        assertThat(section(config, "be_http:ns:case")).contains("  option forwardfor if-none\n",
                "  option h1-case-adjust-bogus-server\n");
        CheckResult result = haproxy.check(config);
        assertThat(result.valid()).as(result.output()).isTrue();
    }
}
