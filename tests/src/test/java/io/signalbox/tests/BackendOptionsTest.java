package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend annotations an operator can only judge by traffic: balance, pod-concurrent-connections, timeout-tunnel,
 * h1-adjust-case, and the Secure and SameSite attributes of the sticky cookie on terminated routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendOptionsTest {
    private static final String A = "haproxy.router.openshift.io/";
    private RouterHarness router;
    private TestBackend one;
    private TestBackend two;
    private RawBackend raw;
    private RawBackend limited;
    private RawBackend unlimited;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        one = new TestBackend("one");
        two = new TestBackend("two");
        raw = new RawBackend(0);
        limited = new RawBackend(300);
        unlimited = new RawBackend(300);
        router = new RouterHarness(root).env("ROUTER_H1_CASE_ADJUST", "X-Custom-Header").start();
        router.write("services.yaml",
                Manifests.slice("web", "pair", "pair-1", one.port(), "127.0.0.1"),
                Manifests.slice("web", "pair", "pair-2", two.port(), "127.0.0.1"),
                Manifests.slice("web", "raw", "raw-1", raw.port(), "127.0.0.1"),
                Manifests.slice("web", "limited", "limited-1", limited.port(), "127.0.0.1"),
                Manifests.slice("web", "unlimited", "unlimited-1", unlimited.port(), "127.0.0.1"));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {router, one, two, raw, limited, unlimited}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    private void route(String name, String service, Map<String, String> annotations, String extraSpec) throws Exception {
        router.write(name + ".yaml", Manifests.annotatedRoute("web", name, name + ".example.com", "", service,
                annotations, extraSpec));
    }

    private List<String> backendsOf(String host, int requests) throws Exception {
        router.await(host, "/", r -> r.status() == 200);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            seen.add(router.get(host, "/").backend());
        }
        return seen;
    }

    @Test
    void balanceRoundrobinAlternatesAndSourceKeepsAClientOnOnePod() throws Exception {
        route("rr", "pair", Map.of(A + "balance", "roundrobin", A + "disable_cookies", "true"), "");
        route("bysource", "pair", Map.of(A + "balance", "source", A + "disable_cookies", "true"), "");
        List<String> rr = backendsOf("rr.example.com", 8);
        for (int i = 1; i < rr.size(); i++) {
            assertThat(rr.get(i)).as("request %d of %s", i, rr).isNotEqualTo(rr.get(i - 1));
        }
        assertThat(backendsOf("bysource.example.com", 10)).containsOnly(router.get("bysource.example.com", "/").backend());
    }

    @Test
    void podConcurrentConnectionsQueuesRequestsBeyondTheLimit() throws Exception {
        route("oneatatime", "limited", Map.of(A + "pod-concurrent-connections", "1"), "");
        route("manyatatime", "unlimited", Map.of(), "");
        parallelGets("oneatatime.example.com", 4);
        parallelGets("manyatatime.example.com", 4);
        assertThat(limited.mostInFlight()).isEqualTo(1);
        assertThat(unlimited.mostInFlight()).as("without the annotation requests overlap").isGreaterThan(1);
    }

    /** Sends requests at once (after the route answers) and checks every one succeeds. */
    private void parallelGets(String host, int count) throws Exception {
        router.await(host, "/", r -> r.status() == 200);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<RouterHarness.Response>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answers.add(pool.submit(() -> router.get(host, "/")));
            }
            for (Future<RouterHarness.Response> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timeoutTunnelClosesAnIdleUpgradedConnection() throws Exception {
        route("wsshort", "raw", Map.of(A + "timeout-tunnel", "1s"), "");
        route("wslong", "raw", Map.of(), "");
        router.await("wsshort.example.com", "/", r -> r.status() == 200);
        router.await("wslong.example.com", "/", r -> r.status() == 200);
        try (Socket shortLived = upgraded("wsshort.example.com"); Socket longLived = upgraded("wslong.example.com")) {
            long start = System.nanoTime();
            shortLived.setSoTimeout(5000);
            assertThat(shortLived.getInputStream().read()).as("closed by the router").isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 3000L);
            longLived.setSoTimeout(1500);
            assertThatThrownBy(() -> longLived.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** A connection upgraded to WebSocket through the router (the 101 read), then idle. */
    private Socket upgraded(String host) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", router.httpPort), 2000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response head so far: %s", head).isNotEqualTo(-1);
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    @Test
    void h1AdjustCaseGivesTheServerTheConfiguredHeaderCase() throws Exception {
        route("cased", "raw", Map.of(A + "h1-adjust-case", "true"), "");
        route("uncased", "raw", Map.of(), "");
        String header = "x-custom-header: 1\r\n";
        assertThat(router.await("cased.example.com", "/", r -> r.status() == 200).status()).isEqualTo(200);
        assertThat(router.get("cased.example.com", "/", header).body()).contains("\r\nX-Custom-Header: 1\r\n");
        assertThat(router.await("uncased.example.com", "/", r -> r.status() == 200).status()).isEqualTo(200);
        assertThat(router.get("uncased.example.com", "/", header).body()).contains("\r\nx-custom-header: 1\r\n");
    }

    @Test
    void terminatedRoutesGetSecureCookiesWithTheirSameSite() throws Exception {
        route("edgecookie", "pair", Map.of(), Manifests.tls("edge", ""));
        route("laxcookie", "pair", Map.of("router.openshift.io/cookie-same-site", "Lax"), Manifests.tls("edge", ""));
        route("allowcookie", "pair", Map.of(), Manifests.tls("edge", "Allow"));
        assertThat(setCookie("edgecookie.example.com")).contains("; Secure; SameSite=None");
        assertThat(setCookie("laxcookie.example.com")).contains("; Secure; SameSite=Lax");
        // Allow serves plain HTTP too, where a Secure cookie would be dropped: OpenShift leaves the attributes off.
        assertThat(setCookie("allowcookie.example.com")).doesNotContain("Secure").doesNotContain("SameSite");
    }

    private String setCookie(String host) throws Exception {
        TlsClient tls = new TlsClient(router.httpsPort);
        TlsClient.Result answer = TlsRoutingTest.eventually(() -> tls.get(host, host, "/"),
                r -> r.response().status() == 200);
        assertThat(answer.response().status()).isEqualTo(200);
        return answer.response().header("Set-Cookie");
    }
}
