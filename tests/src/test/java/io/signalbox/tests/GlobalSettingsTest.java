package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Router-wide settings judged by traffic: the PROXY protocol on the public port, gzip compression by MIME type, a
 * unique id header on every request and the default server timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalSettingsTest {
    private static final String CLIENT = "198.51.100.7";
    private RouterHarness router;
    private TestBackend echo;
    private RawBackend slow;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        echo = new TestBackend("echo");
        slow = new RawBackend(2500);
        router = new RouterHarness(root)
                .env("ROUTER_USE_PROXY_PROTOCOL", "true")
                .env("ROUTER_ENABLE_COMPRESSION", "true")
                .env("ROUTER_COMPRESSION_MIME", "text/plain")
                .env("ROUTER_UNIQUE_ID_HEADER_NAME", "X-Unique-Id")
                .env("ROUTER_UNIQUE_ID_FORMAT", "%{+X}o\\ %ci:%cp_%fi:%fp_%Ts_%rt")
                .env("ROUTER_DEFAULT_SERVER_TIMEOUT", "1s")
                .start();
        router.write("all.yaml",
                Manifests.slice("web", "echo", "echo-1", echo.port(), "127.0.0.1"),
                Manifests.slice("web", "slow", "slow-1", slow.port(), "127.0.0.1"),
                Manifests.annotatedRoute("web", "echo", "echo.example.com", "", "echo", Map.of(), ""),
                Manifests.annotatedRoute("web", "slow", "slow.example.com", "", "slow", Map.of(), ""));
        RouterHarness.Response ready = router.await(() -> viaProxy("echo.example.com", ""), r -> r.status() == 200);
        assertThat(ready.status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        router.close();
        echo.close();
        slow.close();
    }

    /** A request behind a PROXY v1 line naming CLIENT, as a load balancer in front of the node would send it. */
    private RouterHarness.Response viaProxy(String host, String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", router.httpPort), 2000);
            socket.setSoTimeout(10000);
            OutputStream out = socket.getOutputStream();
            out.write(("PROXY TCP4 " + CLIENT + " 127.0.0.1 40000 " + router.httpPort + "\r\nGET / HTTP/1.1\r\nHost: "
                    + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return raw.isEmpty() ? new RouterHarness.Response(-1, "", "") : RouterHarness.Response.parse(raw);
        }
    }

    @Test
    void theProxyProtocolNamesTheClientAndAPlainRequestIsRefused() throws Exception {
        viaProxy("echo.example.com", "");
        Map<String, List<String>> seen = echo.seenHeaders().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(seen.get("X-forwarded-for")).containsExactly(CLIENT);
        String plain;
        try {
            plain = router.raw("echo.example.com", "/", "");
        } catch (IOException reset) {
            plain = "";
        }
        assertThat(plain).as("no PROXY line: closed without an answer").isEmpty();
    }

    @Test
    void compressionGzipsTheConfiguredTypesForClientsThatAccept() throws Exception {
        assertThat(viaProxy("echo.example.com", "Accept-Encoding: gzip\r\n").header("Content-Encoding")).isEqualTo("gzip");
        assertThat(viaProxy("echo.example.com", "").header("Content-Encoding")).isEmpty();
    }

    @Test
    void everyRequestGetsAUniqueIdThePodSees() throws Exception {
        viaProxy("echo.example.com", "");
        viaProxy("echo.example.com", "");
        List<String> ids = echo.seenHeaders().stream().map(h -> h.getOrDefault("X-unique-id", List.of("")).get(0))
                .toList();
        List<String> lastTwo = ids.subList(ids.size() - 2, ids.size());
        // OpenShift's documented format: "%{+X}o\ " turns on hex and is a space, so the id starts with the client.
        assertThat(lastTwo).allSatisfy(id -> assertThat(id).startsWith("C6336407:9C40_"));
        assertThat(lastTwo.get(0)).isNotEqualTo(lastTwo.get(1));
    }

    @Test
    void theDefaultServerTimeoutGives504() throws Exception {
        long start = System.nanoTime();
        RouterHarness.Response answer = viaProxy("slow.example.com", "");
        assertThat(answer.status()).isEqualTo(504);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 2400L);
    }
}
