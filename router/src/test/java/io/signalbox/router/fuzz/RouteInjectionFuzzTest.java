package io.signalbox.router.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.signalbox.haproxy.CheckResult;
import io.signalbox.router.admission.AdmissionSettings;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.config.TuningSettings;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.HeaderAction;
import io.signalbox.router.model.HeaderActions;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.render.BackendPlanner;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.render.HaproxyCheck;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.state.RouterSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * Hostile routes through admission and render. For every input the rendered config may differ from the config
 * without the route only inside the route's own backend section, whose lines are all directives the template
 * writes; the map files keep one key and one value per line. Admitted routes are collected and checked with the real
 * {@code haproxy -c} in batches; a failing batch is split to name the route that broke it.
 *
 * <p>CI runs a bounded number of inputs (JAZZER_FUZZ=1 and {@code jazzer.max_executions} in the router pom); the
 * {@code fuzz} profile runs a long campaign. Both print how many inputs were tried.
 */
class RouteInjectionFuzzTest {
    private static final int BATCH = 200;
    private static final String[] ANNOTATIONS = {
        "haproxy.router.openshift.io/balance", "haproxy.router.openshift.io/disable_cookies",
        "router.openshift.io/cookie_name", "router.openshift.io/cookie-same-site", "haproxy.router.openshift.io/timeout",
        "haproxy.router.openshift.io/timeout-tunnel", "haproxy.router.openshift.io/ip_allowlist",
        "haproxy.router.openshift.io/ip_whitelist", "haproxy.router.openshift.io/rate-limit-connections",
        "haproxy.router.openshift.io/rate-limit-connections.concurrent-tcp",
        "haproxy.router.openshift.io/rate-limit-connections.rate-tcp",
        "haproxy.router.openshift.io/rate-limit-connections.rate-http",
        "haproxy.router.openshift.io/pod-concurrent-connections", "router.openshift.io/haproxy.health.check.interval",
        "haproxy.router.openshift.io/hsts_header", "haproxy.router.openshift.io/set-forwarded-headers",
        "haproxy.router.openshift.io/rewrite-target", "haproxy.router.openshift.io/h1-adjust-case"};
    /** Values the parsers treat specially, so the fuzzer reaches the accepting branches quickly. */
    private static final String[] SEEDS = {"true", "1", "roundrobin", "leastconn", "Lax", "5s", "5000d", "3", "+7",
        "10.0.0.0/8 192.168.1.1", "::1/128", "max-age=1;preload", "max-age=\"9\"", "replace", "if-none", "never",
        "/", "/v2", "/a\\'b%c#d", "jar"};
    private static final String[] TERMINATIONS = {"", "edge", "reencrypt", "passthrough"};
    private static final String[] POLICIES = {null, "Allow", "Redirect", "None"};
    /** Every directive the template writes into a route backend. */
    private static final Pattern BACKEND_LINE = Pattern.compile("  (# route [a-z0-9.-]*/[a-z0-9.-]*|mode (http|tcp)|option (redispatch|forwardfor( if-none)?"
            + "|h1-case-adjust-bogus-server)|balance (roundrobin|leastconn|source|random)|hash-type consistent"
            + "|acl allowlist src [^\\s#'\"]+( [^\\s#'\"]+)*|# Clients outside the list get the connection closed, without an HTTP response\\."
            + "|tcp-request content (reject if !allowlist|track-sc2 src|reject if \\{ src_(conn_cur|conn_rate|http_req_rate) ge -?[0-9]+ \\})"
            + "|timeout (server|tunnel|check) [0-9]+(us|ms|s|m|h|d)?|stick-table type ip size 100k expire 30s store conn_cur,conn_rate\\(3s\\),http_req_rate\\(10s\\)"
            + "|http-request (add|set)-header (X-Forwarded-[A-Za-z-]+|Forwarded) [^'\"]+"
            // The one quoted Forwarded value: an IPv6 client in brackets, fixed text with no input in it.
            + "|http-request (add|set)-header Forwarded \"for=\\\\\"\\[%\\[src\\]\\]\\\\\";host=%\\[req\\.hdr\\(host\\)\\];"
            + "proto=%\\[req\\.hdr\\(X-Forwarded-Proto\\)\\]\" if \\{ src -m sub : \\}( !\\{ req\\.hdr\\(Forwarded\\) -m found \\})?"
            + "|http-request replace-path '([^']|'\\\\'')*' '([^']|'\\\\'')*'"
            + "|cookie [A-Za-z0-9_-]+ insert indirect nocache httponly( secure attr SameSite=(Lax|Strict|None))?"
            + "|http-response set-header Strict-Transport-Security '[^'\\n]*'"
            + "|http-(request|response) (set-header '([^']|'\\\\'')*' '([^']|'\\\\'')*'|del-header '([^']|'\\\\'')*')"
            + "|server \\S+ \\S+( cookie [0-9a-f]{32})? weight [0-9]+( ssl.*)?( check inter [0-9]+(us|ms|s|m|h|d)?)?( maxconn [0-9]+)?)?");
    private static final Pattern MAP_LINE = Pattern.compile("\\S+ \\S+");
    private static final Map<ObjectRef, ServiceEndpoints> ENDPOINTS = Map.of(new ObjectRef("ns", "svc"),
            new ServiceEndpoints(new ObjectRef("ns", "svc"), List.of(new EndpointSubset(
                    List.of(new EndpointAddress("10.0.0.1", "pod-a"), new EndpointAddress("10.0.0.2", null)),
                    List.of(new EndpointPort("web", 8080, "TCP", null))))));

    private static HaproxyCheck haproxy;
    private static ConfigRenderer renderer;
    private static String baseline;
    private static final Map<ObjectRef, Route> batch = new LinkedHashMap<>();
    private static long inputs;
    private static long admitted;
    private static long checks;

    private static synchronized void init() throws IOException {
        if (renderer == null) {
            haproxy = new HaproxyCheck(Files.createTempDirectory("route-fuzz"));
            renderer = new ConfigRenderer(haproxy.settings(TuningSettings.defaults()));
            baseline = render(Map.of()).config();
        }
    }

    @FuzzTest(maxDuration = "10m")
    void hostileRoutesStayInsideTheirOwnBackend(FuzzedDataProvider data) throws IOException {
        init();
        inputs++;
        Route route = route(data);
        RouteAdmission admission = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), true, true, "", "",
                false, Set.of(), Optional.empty(), Optional.empty(), true));
        admission.routeUpserted(route);
        Route served = admission.admitted().get(route.ref());
        if (served == null) {
            return;
        }
        admitted++;
        RenderedConfig config = render(Map.of(served.ref(), served));
        assertOnlyItsBackendChanged(config, served);
        if (batch.containsKey(served.ref())) {
            // Keep the earlier route with the same name in the batch: this one joins it under a name of its own.
            served = renamed(served, served.name() + "." + admitted);
        }
        batch.put(served.ref(), served);
        if (batch.size() >= BATCH) {
            checkBatch();
        }
    }

    @AfterAll
    static void lastBatchAndCount() throws IOException {
        if (renderer != null && !batch.isEmpty()) {
            checkBatch();
        }
        System.out.printf("route fuzz: %d inputs tried, %d admitted and rendered, %d haproxy -c runs%n",
                inputs, admitted, checks);
    }

    private static RenderedConfig render(Map<ObjectRef, Route> routes) {
        return renderer.render(new RouterSnapshot(routes, ENDPOINTS, Map.of()));
    }

    private static void assertOnlyItsBackendChanged(RenderedConfig config, Route route) {
        String text = config.config();
        int start = text.indexOf("\nbackend " + BackendPlanner.backendName(route) + "\n");
        assertThat(start).as("the route's backend section").isPositive();
        int end = text.indexOf("\nbackend ", start + 1);
        String section = text.substring(start + 1, end < 0 ? text.length() : end);
        String outside = text.substring(0, start) + (end < 0 ? "" : text.substring(end));
        assertThat(meaningful(outside)).as("config outside the route's backend").isEqualTo(meaningful(baseline));
        List<String> lines = section.lines().toList();
        assertThat(lines.get(0)).matches("backend be_(http|edge_http|secure|tcp):" + Pattern.quote(route.namespace())
                + ":" + Pattern.quote(route.name()));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                assertThat(line).as("a line of %s", route).matches(BACKEND_LINE);
            }
        }
        config.files().forEach((name, contents) -> {
            if (name.endsWith(".map") && !name.equals("cert_config.map")) {
                contents.lines().forEach(l -> assertThat(l).as("%s of %s", name, route).matches(MAP_LINE));
            }
        });
    }

    /** The non-blank lines: the template's blank lines around a backend depend on how many there are. */
    private static List<String> meaningful(String config) {
        return config.lines().filter(l -> !l.isBlank()).toList();
    }

    /** haproxy -c on every admitted route of the batch; on failure, each route alone to name the culprit. */
    private static void checkBatch() throws IOException {
        checks++;
        CheckResult result = haproxy.check(render(batch));
        if (!result.valid()) {
            for (Route route : batch.values()) {
                CheckResult alone = haproxy.check(render(Map.of(route.ref(), route)));
                assertThat(alone.valid()).as("haproxy -c on %s: %s", route, alone.output()).isTrue();
            }
            assertThat(result.valid()).as("haproxy -c on a batch: %s", result.output()).isTrue();
        }
        batch.clear();
    }

    private static Route route(FuzzedDataProvider data) {
        String ns = data.consumeBoolean() ? "ns" : data.consumeString(12);
        String name = data.consumeBoolean() ? "r" + data.consumeInt(0, 50) : data.consumeString(12);
        String host = data.consumeBoolean() ? "h" + data.consumeInt(0, 50) + ".example.com" : data.consumeString(40);
        String path = data.consumeBoolean() ? "" : data.consumeString(30);
        Map<String, String> annotations = new LinkedHashMap<>();
        int count = data.consumeInt(0, 6);
        for (int i = 0; i < count; i++) {
            String value = data.consumeBoolean() ? data.pickValue(SEEDS) : data.consumeString(60);
            annotations.put(data.pickValue(ANNOTATIONS), value);
        }
        String termination = data.pickValue(TERMINATIONS);
        TlsConfig tls = termination.isEmpty() ? null
                : new TlsConfig(termination, null, null, null, null, data.pickValue(POLICIES));
        HeaderActions headers = new HeaderActions(actions(data), actions(data));
        return new Route(new ObjectRef(ns, name), ns + "-" + name, Instant.EPOCH, "1", Map.of(), annotations, host, "",
                path, "None", new RouteTarget("Service", "svc", 100), List.of(), null, tls, headers);
    }

    private static Route renamed(Route r, String name) {
        return new Route(new ObjectRef(r.namespace(), name), r.uid(), r.creationTimestamp(), r.resourceVersion(), r.labels(),
                r.annotations(), r.host(), r.subdomain(), r.path(), r.wildcardPolicy(), r.to(), r.alternateBackends(),
                r.targetPort(), r.tls(), r.httpHeaders());
    }

    private static List<HeaderAction> actions(FuzzedDataProvider data) {
        List<HeaderAction> actions = new ArrayList<>();
        int count = data.consumeInt(0, 2);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? "X-H" + i : data.consumeString(16);
            String type = data.pickValue(new String[] {"Set", "Delete", "Append"});
            actions.add(new HeaderAction(name, type, data.consumeString(40)));
        }
        return actions;
    }
}
