package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §10 cases 20, 23-29, 31 and 32 through the running router: real HAProxy, real TLS handshakes, pods that
 * speak plain HTTP or TLS. The default certificate is the router's own self-signed one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsRoutingTest {
    private static final Issued CA = TestPki.ca("Route CA");
    private static final Issued POD_CA = TestPki.ca("Pod CA X");
    private static final Issued WRONG_POD_CA = TestPki.ca("Pod CA Y");
    private static final Issued SECURE = TestPki.leaf(CA, "secure.example.com");
    private static final Issued SHARED = TestPki.leaf(CA, "shared.example.com");
    private static final Issued POD = TestPki.leaf(null, "pod");

    private RouterHarness router;
    private TlsClient tls;
    private final Map<String, TestBackend> backends = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        backends.put("web", new TestBackend("web"));
        backends.put("plain", new TestBackend("plain"));
        backends.put("pod-tls", new TestBackend("pod-tls", TlsClient.serverContext(POD)));
        backends.put("pod-x", new TestBackend("pod-x", TlsClient.serverContext(TestPki.leaf(POD_CA, "pod-x"))));
        backends.put("pod-y", new TestBackend("pod-y",
                TlsClient.serverContext(TestPki.leaf(WRONG_POD_CA, "pod-y"))));
        router = new RouterHarness(root).start();
        tls = new TlsClient(router.httpsPort);
        router.write("services.yaml",
                Manifests.slice("shop", "web", "web-1", backends.get("web").port(), "127.0.0.1"),
                Manifests.slice("shop", "plain", "plain-1", backends.get("plain").port(), "127.0.0.1"),
                Manifests.slice("shop", "pod-tls", "pod-tls-1", backends.get("pod-tls").port(), "127.0.0.1"),
                Manifests.slice("shop", "pod-x", "pod-x-1", backends.get("pod-x").port(), "127.0.0.1"),
                Manifests.slice("shop", "pod-y", "pod-y-1", backends.get("pod-y").port(), "127.0.0.1"));
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
        backends.values().forEach(TestBackend::close);
    }

    @Test
    void edgeWithPolicyNoneServesOnlyHttpsAndTellsThePodSo() throws Exception {
        router.write("case23.yaml", Manifests.route("shop", "none", "none.example.com", "", "web",
                Manifests.tls("edge", "")));
        TlsClient.Result result = eventually(() -> tls.get("none.example.com", "none.example.com", "/"),
                r -> r.response().status() == 200);
        assertThat(result.response().backend()).isEqualTo("web");
        assertThat(result.subject()).isEqualTo("CN=openshift-router");
        Map<String, List<String>> seen = backends.get("web").seenHeaders().stream()
                .filter(h -> h.getOrDefault("Host", List.of()).contains("none.example.com")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(seen.get("X-forwarded-proto")).containsExactly("https");
        assertThat(seen.get("X-forwarded-port")).containsExactly(Integer.toString(router.httpsPort));
        assertThat(result.response().header("Set-Cookie")).endsWith("HttpOnly; Secure; SameSite=None");
        assertThat(router.get("none.example.com", "/").status()).isEqualTo(503);
    }

    @Test
    void redirectDropsThePortAndKeepsPathAndQuery() throws Exception {
        router.write("case24.yaml", Manifests.route("shop", "redirect", "redirect.example.com", "", "web",
                Manifests.tls("edge", "Redirect")));
        RouterHarness.Response response = router.await("redirect.example.com:8080", "/a/b?x=1&y=2",
                r -> r.status() == 302);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("https://redirect.example.com/a/b?x=1&y=2");
    }

    @Test
    void aMoreSpecificPlainRouteBeatsARedirectingRootRoute() throws Exception {
        router.write("case25.yaml",
                Manifests.route("shop", "a-plain", "mixed.example.com", "/a", "plain"),
                Manifests.route("shop", "root-secure", "mixed.example.com", "", "web", Manifests.tls("edge", "Redirect")));
        assertThat(router.await("mixed.example.com", "/b", r -> r.status() == 302).status()).isEqualTo(302);
        RouterHarness.Response plain = router.await("mixed.example.com", "/a/x", r -> r.status() == 200);
        assertThat(plain.backend()).isEqualTo("plain");
    }

    @Test
    void policyAllowServesHttpThroughTheEdgeBackendWithoutASecureCookie() throws Exception {
        router.write("case26.yaml", Manifests.route("shop", "allow", "allow.example.com", "", "web",
                Manifests.tls("edge", "Allow")));
        RouterHarness.Response response = router.await("allow.example.com", "/", r -> r.status() == 200);
        assertThat(response.backend()).isEqualTo("web");
        assertThat(response.header("Set-Cookie")).isNotEmpty().doesNotContainIgnoringCase("secure");
        Map<String, List<String>> seen = backends.get("web").seenHeaders().stream()
                .filter(h -> h.getOrDefault("Host", List.of()).contains("allow.example.com")).reduce((x, y) -> y)
                .orElseThrow();
        assertThat(seen.get("X-forwarded-proto")).containsExactly("http");
    }

    @Test
    void passthroughPresentsThePodsOwnCertificate() throws Exception {
        router.write("case27.yaml", Manifests.route("shop", "pt", "pt.example.com", "", "pod-tls",
                Manifests.tls("passthrough", "Redirect")));
        TlsClient.Result result = eventually(() -> tls.get("pt.example.com", "pt.example.com", "/"),
                r -> r.subject().equals("CN=pod"));
        assertThat(result.presented()).isEqualTo(POD.certificate());
        assertThat(result.response().backend()).isEqualTo("pod-tls");
        TlsClient.Result noSni = tls.get(null, "pt.example.com", "/");
        assertThat(noSni.subject()).isEqualTo("CN=openshift-router");
        assertThat(noSni.response().status()).isEqualTo(503);
        RouterHarness.Response http = router.get("pt.example.com", "/x?y=1");
        assertThat(http.status()).isEqualTo(302);
        assertThat(http.header("Location")).isEqualTo("https://pt.example.com/x?y=1");
    }

    @Test
    void aRouteCertificateIsChosenBySniAndOffersHttp2() throws Exception {
        router.write("case28.yaml", Manifests.route("shop", "secure", "secure.example.com", "", "web",
                Manifests.tls("edge", "", "certificate", SECURE.certificatePem(), "key", SECURE.keyPem(),
                        "caCertificate", CA.certificatePem())));
        TlsClient.Result own = eventually(() -> tls.handshake("secure.example.com", "h2", "http/1.1"),
                r -> r.presented().equals(SECURE.certificate()));
        assertThat(own.alpn()).isEqualTo("h2");
        TlsClient.Result other = tls.handshake("other.example.com", "h2", "http/1.1");
        assertThat(other.subject()).isEqualTo("CN=openshift-router");
        assertThat(other.alpn()).isEmpty();
        TlsClient.Result none = tls.handshake(null, "h2", "http/1.1");
        assertThat(none.subject()).isEqualTo("CN=openshift-router");
        assertThat(none.alpn()).isEmpty();
        assertThat(tls.get("secure.example.com", "secure.example.com", "/").response().backend()).isEqualTo("web");
    }

    @Test
    void aCertificateSharedByTwoRoutesGetsNoHttp2() throws Exception {
        String tlsBlock = Manifests.tls("edge", "", "certificate", SHARED.certificatePem(), "key", SHARED.keyPem());
        router.write("case29.yaml",
                Manifests.route("shop", "shared-a", "shared.example.com", "", "web", tlsBlock),
                Manifests.route("shop", "shared-b", "shared-b.example.com", "", "web", tlsBlock));
        for (String host : new String[] {"shared.example.com", "shared-b.example.com"}) {
            TlsClient.Result result = eventually(() -> tls.handshake(host, "h2", "http/1.1"),
                    r -> r.presented().equals(SHARED.certificate()));
            // No ALPN at all: the client falls back to HTTP/1.1.
            assertThat(result.alpn()).as(host).isEmpty();
        }
    }

    @Test
    void aPlainRouteIsNotServedOverHttps() throws Exception {
        router.write("case31.yaml", Manifests.route("shop", "plain-only", "plain.example.com", "", "plain"));
        router.await("plain.example.com", "/", r -> r.status() == 200);
        TlsClient.Result result = tls.get("plain.example.com", "plain.example.com", "/");
        assertThat(result.subject()).isEqualTo("CN=openshift-router");
        assertThat(result.response().status()).isEqualTo(503);
    }

    @Test
    void reencryptVerifiesThePodAgainstTheDestinationCa() throws Exception {
        String withCa = Manifests.tls("reencrypt", "", "destinationCACertificate", POD_CA.certificatePem());
        router.write("case32.yaml",
                Manifests.route("shop", "re-good", "re-good.example.com", "", "pod-x", withCa),
                Manifests.route("shop", "re-bad", "re-bad.example.com", "", "pod-y", withCa),
                Manifests.route("shop", "re-none", "re-none.example.com", "", "pod-y", Manifests.tls("reencrypt", "")));
        TlsClient.Result good = eventually(() -> tls.get("re-good.example.com", "re-good.example.com", "/"),
                r -> r.response().status() == 200);
        assertThat(good.response().backend()).isEqualTo("pod-x");
        assertThat(eventually(() -> tls.get("re-none.example.com", "re-none.example.com", "/"),
                r -> r.response().status() == 200).response().backend()).isEqualTo("pod-y");
        assertThat(tls.get("re-bad.example.com", "re-bad.example.com", "/").response().status()).isEqualTo(503);
        assertThat(router.awaitBackend("be_secure", "shop", "re-none")).contains("ssl alpn h2,http/1.1 verify none");
    }

    @Test
    void aBrokenCertificateRejectsOnlyItsRouteAndIsNeverWrittenToDisk() throws Exception {
        Issued good = TestPki.leaf(CA, "good.example.com");
        String otherKey = TestPki.otherKey();
        router.write("case20.yaml",
                Manifests.route("shop", "good", "good.example.com", "", "web",
                        Manifests.tls("edge", "", "certificate", good.certificatePem(), "key", good.keyPem())),
                Manifests.route("shop", "broken", "broken.example.com", "", "web",
                        Manifests.tls("edge", "", "certificate", SECURE.certificatePem(), "key", otherKey)));
        assertThat(router.awaitAdmitted("shop", "broken", c -> c.path("status").asText().equals("False"))
                .path("reason").asText()).isEqualTo("ExtendedValidationFailed");
        assertThat(router.admitted("shop", "broken").orElseThrow().path("message").asText())
                .startsWith("spec.tls.key: ").doesNotContain("PRIVATE KEY");
        TlsClient.Result served = eventually(() -> tls.get("good.example.com", "good.example.com", "/"),
                r -> r.presented().equals(good.certificate()));
        assertThat(served.response().status()).isEqualTo(200);
        assertThat(router.awaitBackend("be_edge_http", "shop", "good")).isNotEmpty();
        assertThat(Files.readString(router.workDir.resolve("conf/haproxy.config"))).doesNotContain("shop:broken");
        try (Stream<Path> files = Files.list(router.workDir.resolve("certs"))) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).doesNotContain(otherKey.strip());
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aRouteCertificateFileGoesWithItsRoute() throws Exception {
        Issued leaving = TestPki.leaf(CA, "leaving.example.com");
        router.write("leaving.yaml", Manifests.route("shop", "leaving", "leaving.example.com", "", "web",
                Manifests.tls("edge", "", "certificate", leaving.certificatePem(), "key", leaving.keyPem())));
        eventually(() -> tls.handshake("leaving.example.com"), r -> r.presented().equals(leaving.certificate()));
        assertThat(certificateFilesHolding(leaving.certificatePem())).hasSize(1);
        router.delete("leaving.yaml");
        eventually(() -> tls.handshake("leaving.example.com"), r -> r.subject().equals("CN=openshift-router"));
        List<Path> remaining = eventually(() -> certificateFilesHolding(leaving.certificatePem()), List::isEmpty);
        assertThat(remaining).isEmpty();
    }

    private List<Path> certificateFilesHolding(String pem) throws Exception {
        try (Stream<Path> files = Files.list(router.workDir.resolve("certs"))) {
            return files.filter(f -> {
                try {
                    return Files.readString(f).contains(pem.strip());
                } catch (java.io.IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    /** Polls until the check passes (HAProxy applies changes after a short coalescing delay); the last value otherwise. */
    static <T> T eventually(Callable<T> call, Predicate<T> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T last = null;
        Exception failure = null;
        while (System.nanoTime() < deadline) {
            try {
                last = call.call();
                failure = null;
                if (check.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                failure = e;
            }
            Thread.sleep(100);
        }
        if (last == null && failure != null) {
            throw failure;
        }
        return last;
    }
}
