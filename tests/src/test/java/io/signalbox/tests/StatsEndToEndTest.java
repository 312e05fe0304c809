package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stats port as an operator and Prometheus use it: health, readiness, metrics behind basic auth. */
class StatsEndToEndTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    @TempDir
    Path root;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(RouterHarness router, String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.statsPort + path))
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses a Prometheus text scrape into "name{labels}" → value, checking every sample line's syntax. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: %s", line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    @Test
    void healthReadinessAndMetricsAfterRealTrafficAndReloads() throws Exception {
        try (TestBackend app = new TestBackend("app");
             RouterHarness router = new RouterHarness(root).env("STATS_USERNAME", "admin")
                     .env("STATS_PASSWORD", "s3cret").start()) {
            assertThat(get(router, "/healthz", null, null).body()).contains("[+]admin-socket ok");
            HttpResponse<String> ready = get(router, "/healthz/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("[+]backend-http ok", "[+]has-synced ok", "[+]process-running ok");

            router.write("app.yaml",
                    Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1"),
                    Manifests.route("apps", "app", "app.example.com", "", "app"));
            router.await("app.example.com", "/", r -> r.status() == 200);
            for (int i = 0; i < 25; i++) {
                assertThat(router.get("app.example.com", "/").status()).isEqualTo(200);
            }

            assertThat(get(router, "/metrics", null, null).statusCode()).isEqualTo(401);
            assertThat(get(router, "/metrics", "admin", "wrong").statusCode()).isEqualTo(401);
            // A change applied through the runtime API serves before its files are checked and its apply counted.
            HttpResponse<String> scrape = router.await(() -> get(router, "/metrics", "admin", "s3cret"),
                    r -> parse(r.body()).getOrDefault("template_router_write_config_seconds_count", 0.0) >= 2);
            assertThat(scrape.statusCode()).isEqualTo(200);
            Map<String, Double> metrics = parse(scrape.body());
            assertThat(metrics.get("haproxy_up")).isEqualTo(1.0);
            assertThat(metrics.get("template_router_reload_seconds_count")).isGreaterThanOrEqualTo(1.0);
            assertThat(metrics.get("template_router_write_config_seconds_count")).isGreaterThanOrEqualTo(2.0);
            assertThat(metrics.get("template_router_reload_failure")).isEqualTo(0.0);
            assertThat(metrics.get("haproxy_backend_http_responses_total{backend=\"http\",code=\"2xx\",namespace=\"apps\",route=\"app\"}"))
                    .isGreaterThanOrEqualTo(26.0);
            assertThat(metrics.get("signalbox_routes{admitted=\"true\",reason=\"\"}")).isEqualTo(1.0);
            // The route came after the first config: applied through the runtime API (or a reload when it could not be).
            assertThat(metrics.getOrDefault("signalbox_applies_total{result=\"reloaded\"}", 0.0)
                    + metrics.getOrDefault("signalbox_applies_total{result=\"runtime\"}", 0.0)).isGreaterThanOrEqualTo(1.0);

            String routes = get(router, "/routes", "admin", "s3cret").body();
            assertThat(routes).contains("\"host\":\"app.example.com\"", "\"status\":\"Admitted\"");
        }
    }

    @Test
    void readinessFailsAtOnceWhenAGracefulShutdownStarts() throws Exception {
        try (RouterHarness router = new RouterHarness(root).start()) {
            assertThat(get(router, "/healthz/ready", null, null).statusCode()).isEqualTo(200);
            Thread stopper = new Thread(() -> router.shutdown(Duration.ofSeconds(2)));
            stopper.start();
            HttpResponse<String> ready = awaitStatus(router, "/healthz/ready", 500);
            assertThat(ready.body()).contains("[-]process-running failed: shutting down");
            // Still serving during the delay: clients that have not noticed yet get answers.
            assertThat(router.get("nobody.example.com", "/").status()).isEqualTo(503);
            stopper.join(15_000);
        }
    }

    @Test
    void theStatsPortServesTlsWithTheConfiguredCertificate() throws Exception {
        var identity = TestPki.leaf(null, "router-stats.example.com");
        Path cert = java.nio.file.Files.writeString(root.resolve("stats.crt"), identity.certificatePem());
        Path key = java.nio.file.Files.writeString(root.resolve("stats.key"), identity.keyPem());
        try (RouterHarness router = new RouterHarness(root).env("ROUTER_METRICS_TLS_CERT_FILE", cert.toString())
                .env("ROUTER_METRICS_TLS_KEY_FILE", key.toString()).start()) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("stats", identity.certificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                    .createSocket("127.0.0.1", router.statsPort)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: stats\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(identity.certificate());
                assertThat(answer).startsWith("HTTP/1.1 200").contains("healthz check passed");
            }
        }
    }

    private HttpResponse<String> awaitStatus(RouterHarness router, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(router, path, null, null);
                if (last.statusCode() == status) {
                    return last;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(20);
        }
        return last;
    }
}
