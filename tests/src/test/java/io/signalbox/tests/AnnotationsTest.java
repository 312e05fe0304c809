package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §10 cases 33 and 37-42: route annotations through the running router, real HAProxy and real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotationsTest {
    private static final String A = "haproxy.router.openshift.io/";
    private RouterHarness router;
    private final Map<String, TestBackend> backends = new HashMap<>();
    private HttpServer slow;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        for (String name : new String[] {"one", "two", "echo"}) {
            backends.put(name, new TestBackend(name));
        }
        // A pod that answers after 3 s.
        slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        slow.createContext("/", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "slow\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slow.start();
        router = new RouterHarness(root).start();
        router.write("services.yaml",
                Manifests.slice("web", "pair", "pair-1", backends.get("one").port(), "127.0.0.1"),
                Manifests.slice("web", "pair", "pair-2", backends.get("two").port(), "127.0.0.1"),
                Manifests.slice("web", "echo", "echo-1", backends.get("echo").port(), "127.0.0.1"),
                Manifests.slice("web", "slow", "slow-1", slow.getAddress().getPort(), "127.0.0.1"));
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
        backends.values().forEach(TestBackend::close);
        if (slow != null) {
            slow.stop(0);
        }
    }

    private void route(String name, String path, String service, Map<String, String> annotations, String extraSpec)
            throws Exception {
        router.write(name + ".yaml", Manifests.annotatedRoute("web", name, name + ".example.com", path, service,
                annotations, extraSpec));
    }

    private void route(String name, String service, Map<String, String> annotations) throws Exception {
        route(name, "", service, annotations, "");
    }

    /** The headers the echo pod saw on the last request for this host. */
    private Map<String, List<String>> seenBy(String host) {
        return backends.get("echo").seenHeaders().stream()
                .filter(h -> h.getOrDefault("Host", List.of()).contains(host)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void case33StickyCookieKeepsAClientOnOnePod() throws Exception {
        route("sticky", "pair", Map.of());
        RouterHarness.Response first = router.await("sticky.example.com", "/", r -> r.status() == 200);
        String setCookie = first.header("Set-Cookie");
        // Named after the route key's md5 as OpenShift names it; the value is HAProxy's dynamic cookie (a hash of the
        // backend's key and the server's address), so servers added at runtime have one and it survives reloads.
        assertThat(setCookie).matches(Pattern.compile("[0-9a-f]{32}=[0-9a-f]{16}; path=/; HttpOnly"));
        assertSticks("sticky.example.com", cookieOf(setCookie), first.backend());
    }

    @Test
    void case33StickinessHoldsForAPodAddedAtRuntimeAndAcrossAReload() throws Exception {
        router.write("late.yaml", Manifests.slice("web", "trio", "trio-1", backends.get("one").port(), "127.0.0.1"));
        route("trio", "trio", Map.of());
        RouterHarness.Response one = router.await("trio.example.com", "/", r -> r.status() == 200);
        int reloads = router.reloads();
        router.write("late.yaml",
                Manifests.slice("web", "trio", "trio-1", backends.get("one").port(), "127.0.0.1"),
                Manifests.slice("web", "trio", "trio-2", backends.get("two").port(), "127.0.0.1"));
        // Round robin: within a few cookie-less requests the new pod answers, and hands out its own cookie.
        RouterHarness.Response two = router.await("trio.example.com", "/", r -> r.backend().equals("two"));
        assertThat(two.backend()).isEqualTo("two");
        assertThat(router.reloads()).as("the pod was added without a reload").isEqualTo(reloads);
        String twoCookie = cookieOf(two.header("Set-Cookie"));
        String oneCookie = cookieOf(one.header("Set-Cookie"));
        assertThat(twoCookie).isNotEqualTo(oneCookie);
        assertSticks("trio.example.com", twoCookie, "two");

        router.forceReload();
        assertSticks("trio.example.com", twoCookie, "two");
        assertSticks("trio.example.com", oneCookie, "one");
    }

    private static String cookieOf(String setCookie) {
        assertThat(setCookie).contains("=");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** Ten requests with the cookie all reach the pod, and none is given a new cookie. */
    private void assertSticks(String host, String cookie, String backend) throws Exception {
        for (int i = 0; i < 10; i++) {
            RouterHarness.Response again = router.get(host, "/", "Cookie: " + cookie + "\r\n");
            assertThat(again.backend()).as("request %d with %s", i, cookie).isEqualTo(backend);
            assertThat(again.header("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void case33CookiesCanBeRenamedOrTurnedOff() throws Exception {
        route("named", "pair", Map.of("router.openshift.io/cookie_name", "mycookie"));
        route("nocookie", "pair", Map.of(A + "disable_cookies", "true"));
        assertThat(router.await("named.example.com", "/", r -> r.status() == 200).header("Set-Cookie"))
                .startsWith("mycookie=");
        assertThat(router.await("nocookie.example.com", "/", r -> r.status() == 200).header("Set-Cookie")).isEmpty();
    }

    @Test
    void case37AllowlistClosesTheConnectionOfOtherClients() throws Exception {
        route("outsiders", "echo", Map.of(A + "ip_allowlist", "10.0.0.0/8 192.168.1.1"));
        route("insiders", "echo", Map.of(A + "ip_allowlist", "10.0.0.0/8 127.0.0.1"));
        route("padded", "echo", Map.of(A + "ip_whitelist", " 10.0.0.1"));
        // Before the route is served the answer is the 503 page; after, the connection closes without a byte.
        assertThat(router.await(() -> router.raw("outsiders.example.com", "/", ""), String::isEmpty)).isEmpty();
        assertThat(router.await("insiders.example.com", "/", r -> r.status() == 200).status()).isEqualTo(200);
        // A leading space makes OpenShift ignore the whole list: everyone is let in.
        assertThat(router.await("padded.example.com", "/", r -> r.status() == 200).status()).isEqualTo(200);
    }

    @Test
    void case38ServerTimeoutGives504() throws Exception {
        route("hasty", "slow", Map.of(A + "timeout", "1s"));
        route("patient", "slow", Map.of());
        router.awaitBackend("web", "hasty");
        long start = System.nanoTime();
        RouterHarness.Response hasty = router.get("hasty.example.com", "/");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(hasty.status()).isEqualTo(504);
        assertThat(millis).isBetween(900L, 2500L);
        assertThat(router.await("patient.example.com", "/", r -> r.status() != 503).status()).isEqualTo(200);
    }

    @Test
    void case39RewriteTargetReplacesTheRoutePath() throws Exception {
        route("rewrite", "/api/v1", "echo", Map.of(A + "rewrite-target", "/v2"), "");
        route("toroot", "/app", "echo", Map.of(A + "rewrite-target", "/"), "");
        assertThat(router.await("rewrite.example.com", "/api/v1/foo?q=1", r -> r.status() == 200).body())
                .contains("path=/v2/foo?q=1");
        assertThat(router.get("rewrite.example.com", "/api/v1").body()).contains("path=/v2\n");
        assertThat(router.await("toroot.example.com", "/app/x", r -> r.status() == 200).body()).contains("path=/x\n");
        assertThat(router.get("toroot.example.com", "/app").body()).contains("path=/\n");
    }

    @Test
    void case40HstsOnlyWithAValidValueOnATerminatedRoute() throws Exception {
        String hsts = "max-age=31536000;includeSubDomains;preload";
        route("hsts", "", "echo", Map.of(A + "hsts_header", hsts), Manifests.tls("edge", ""));
        route("badhsts", "", "echo", Map.of(A + "hsts_header", "min-age=99999"), Manifests.tls("edge", ""));
        route("plainhsts", "echo", Map.of(A + "hsts_header", hsts));
        TlsClient tls = new TlsClient(router.httpsPort);
        TlsClient.Result good = TlsRoutingTest.eventually(() -> tls.get("hsts.example.com", "hsts.example.com", "/"),
                r -> r.response().status() == 200);
        assertThat(good.response().header("Strict-Transport-Security")).isEqualTo(hsts);
        TlsClient.Result bad = TlsRoutingTest.eventually(() -> tls.get("badhsts.example.com", "badhsts.example.com", "/"),
                r -> r.response().status() == 200);
        assertThat(bad.response().header("Strict-Transport-Security")).isEmpty();
        assertThat(router.await("plainhsts.example.com", "/", r -> r.status() == 200).header("Strict-Transport-Security"))
                .isEmpty();
    }

    @Test
    void case41ForwardedHeadersInEachMode() throws Exception {
        route("append", "echo", Map.of());
        route("replace", "echo", Map.of(A + "set-forwarded-headers", "replace"));
        route("never", "echo", Map.of(A + "set-forwarded-headers", "never"));
        route("ifnone", "echo", Map.of(A + "set-forwarded-headers", "if-none"));
        for (String name : List.of("append", "replace", "never", "ifnone")) {
            router.await(name + ".example.com", "/", r -> r.status() == 200);
        }
        String client = "X-Forwarded-For: 1.2.3.4\r\n";

        router.get("append.example.com", "/", client);
        Map<String, List<String>> append = seenBy("append.example.com");
        assertThat(append.get("X-forwarded-for")).containsExactly("1.2.3.4", "127.0.0.1");
        assertThat(append.get("X-forwarded-host")).containsExactly("append.example.com");
        assertThat(append.get("X-forwarded-port")).containsExactly(Integer.toString(router.httpPort));
        assertThat(append.get("X-forwarded-proto")).containsExactly("http");
        assertThat(append.get("Forwarded")).containsExactly("for=127.0.0.1;host=append.example.com;proto=http");

        router.get("replace.example.com", "/", client);
        assertThat(seenBy("replace.example.com").get("X-forwarded-for")).containsExactly("127.0.0.1");

        router.get("never.example.com", "/", client);
        Map<String, List<String>> never = seenBy("never.example.com");
        assertThat(never.get("X-forwarded-for")).containsExactly("1.2.3.4");
        assertThat(never).doesNotContainKeys("X-forwarded-host", "X-forwarded-proto", "Forwarded");

        router.get("ifnone.example.com", "/", client);
        Map<String, List<String>> ifNone = seenBy("ifnone.example.com");
        assertThat(ifNone.get("X-forwarded-for")).containsExactly("1.2.3.4");
        assertThat(ifNone.get("X-forwarded-proto")).containsExactly("http");
    }

    @Test
    void case41ForwardedNamesAnIpv6ClientInBrackets(@TempDir Path root) throws Exception {
        try (RouterHarness v6 = new RouterHarness(root).env("SIGNALBOX_BIND_ADDRESS", "::1")) {
            v6.write("echo.yaml", Manifests.slice("web", "echo", "echo-1", backends.get("echo").port(), "127.0.0.1"),
                    Manifests.annotatedRoute("web", "six", "six.example.com", "", "echo", Map.of(), ""));
            v6.start();
            assertThat(v6.await("six.example.com", "/", r -> r.status() == 200).status()).isEqualTo(200);
            assertThat(seenBy("six.example.com").get("Forwarded"))
                    .containsExactly("for=\"[::1]\";host=six.example.com;proto=http");
        }
    }

    @Test
    void case42RateLimitClosesTheFourthRequestInTenSeconds() throws Exception {
        route("limited", "echo", Map.of(A + "rate-limit-connections", "true", A + "rate-limit-connections.rate-http", "3"));
        router.awaitBackend("web", "limited");
        // Let the stick table forget the requests that waited for the route to be served.
        Thread.sleep(10_500);
        for (int i = 1; i <= 3; i++) {
            assertThat(router.get("limited.example.com", "/").status()).as("request %d", i).isEqualTo(200);
        }
        assertThat(router.raw("limited.example.com", "/", "")).isEmpty();
    }
}
