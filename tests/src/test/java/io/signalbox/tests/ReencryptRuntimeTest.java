package io.signalbox.tests;

import static io.signalbox.tests.RouterHarness.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reencrypt routes through HAProxy's runtime API, with a real HAProxy and pods that speak TLS: a new route takes a
 * spare reencrypt backend, and its servers verify the pod against the route's own destination CA or the service CA,
 * which HAProxy loads into its CA store at runtime. With no spare left, one reload. And when the check that follows
 * a runtime apply fails, the reload it starts shows in route status and metrics.
 */
class ReencryptRuntimeTest {
    private static final Issued SERVICE_CA = TestPki.ca("Service CA");
    private static final Issued POD_CA = TestPki.ca("Pod CA");
    private static final String RELOADS = "signalbox_reloads_total{reason=\"%s\"}";

    @TempDir
    Path root;

    @Test
    void newReencryptRoutesAreServedOverTlsWithoutAReloadAndTheFilesServeTheSame() throws Exception {
        Path serviceCa = root.resolve("service-ca.crt");
        Files.writeString(serviceCa, SERVICE_CA.certificatePem());
        try (TestBackend own = new TestBackend("own", TlsClient.serverContext(TestPki.leaf(POD_CA, "pod-own")));
             TestBackend svc = new TestBackend("svc",
                     TlsClient.serverContext(TestPki.leaf(SERVICE_CA, "svc.shop.svc")));
             TestBackend web = new TestBackend("web");
             RouterHarness router = new RouterHarness(root).env("DEFAULT_DESTINATION_CA_PATH", serviceCa.toString())
                     .env("SIGNALBOX_SPARE_BACKENDS", "3").start()) {
            TlsClient tls = new TlsClient(router.httpsPort);
            router.write("services.yaml",
                    Manifests.slice("shop", "own", "own-1", own.port(), "127.0.0.1"),
                    Manifests.slice("shop", "svc", "svc-1", svc.port(), "127.0.0.1"),
                    Manifests.slice("shop", "web", "web-1", web.port(), "127.0.0.1"),
                    Manifests.route("shop", "web", "web.example.com", "", "web"));
            router.await("web.example.com", "/", r -> r.status() == 200);
            int reloads = router.reloads();

            String withOwnCa = Manifests.tls("reencrypt", "", "destinationCACertificate", POD_CA.certificatePem());
            router.write("own.yaml", Manifests.route("shop", "own", "own.example.com", "", "own", withOwnCa));
            router.write("svc.yaml", Manifests.route("shop", "svc", "svc.example.com", "", "svc",
                    Manifests.tls("reencrypt", "")));
            // Verified for real: the pod's certificate is not signed by the CA this route names.
            router.write("bad.yaml", Manifests.route("shop", "bad", "bad.example.com", "", "svc", withOwnCa));
            Map<String, String> expected = Map.of("own.example.com", "own", "svc.example.com", "svc");
            awaitServed(tls, expected);
            assertThat(router.awaitBackend("be_secure", "shop", "bad")).startsWith("backend be_pool_reencrypt_")
                    .contains(" ssl alpn h2,http/1.1 verify required ca-file ");
            assertThat(tls.get("bad.example.com", "bad.example.com", "/").response().status()).isEqualTo(503);
            assertThat(router.awaitBackend("be_secure", "shop", "svc")).startsWith("backend be_pool_reencrypt_")
                    .contains(" verifyhost svc.shop.svc");
            assertThat(router.reloads()).as("HAProxy reloads (master show proc)").isEqualTo(reloads);
            assertThat(metric(router.stats("/metrics"), "signalbox_runtime_ops_total{result=\"failed\"}")).isZero();

            // No reencrypt spare is left: one reload, which refills the pool.
            router.write("more.yaml", Manifests.route("shop", "more", "more.example.com", "", "svc",
                    Manifests.tls("reencrypt", "")));
            awaitServed(tls, Map.of("more.example.com", "svc"));
            assertThat(router.await(() -> metric(router.stats("/metrics"), RELOADS.formatted("backend-added")),
                    n -> n == 1)).isEqualTo(1);
            assertThat(router.reloads()).isEqualTo(reloads + 1);

            // Disk equals runtime: a reload from the files serves every route the same.
            router.forceReload();
            awaitServed(tls, Map.of("own.example.com", "own", "svc.example.com", "svc", "more.example.com", "svc"));
            assertThat(tls.get("bad.example.com", "bad.example.com", "/").response().status()).isEqualTo(503);
        }
    }

    @Test
    void aFailedCheckAfterARuntimeApplyReloadsWithoutTheRouteAtFaultAndSaysSo() throws Exception {
        Path serviceCa = root.resolve("service-ca.crt");
        Files.writeString(serviceCa, SERVICE_CA.certificatePem());
        try (TestBackend a = new TestBackend("a", TlsClient.serverContext(TestPki.leaf(SERVICE_CA, "svc.shop.svc")));
             TestBackend b = new TestBackend("b", TlsClient.serverContext(TestPki.leaf(SERVICE_CA, "svc.shop.svc")));
             TestBackend web = new TestBackend("web");
             RouterHarness router = new RouterHarness(root).env("DEFAULT_DESTINATION_CA_PATH", serviceCa.toString())
                     .start()) {
            TlsClient tls = new TlsClient(router.httpsPort);
            router.write("svc-1.yaml", Manifests.slice("shop", "svc", "svc-1", a.port(), "127.0.0.1"));
            router.write("secure.yaml", Manifests.route("shop", "secure", "secure.example.com", "", "svc",
                    Manifests.tls("reencrypt", "")));
            awaitServed(tls, Map.of("secure.example.com", "a"));
            int reloads = router.reloads();

            // The service CA leaves the disk. HAProxy still holds it, so a second pod is added at runtime, but the
            // files name a CA file that is not there any more: haproxy -c fails on the route's server lines.
            Files.delete(serviceCa);
            router.write("svc-2.yaml", Manifests.slice("shop", "svc", "svc-2", b.port(), "127.0.0.1"));

            assertThat(router.await(() -> metric(router.stats("/metrics"), RELOADS.formatted("check-failed")),
                    n -> n == 1)).as("reloads after a failed check, in metrics").isEqualTo(1);
            assertThat(router.awaitAdmitted("shop", "secure", c -> c.path("status").asText().equals("False"))
                    .path("reason").asText()).isEqualTo("ConfigCheckFailed");
            assertThat(router.admitted("shop", "secure").orElseThrow().path("message").asText())
                    .contains("haproxy -c rejected the backend this route renders");
            assertThat(tls.get("secure.example.com", "secure.example.com", "/").response().status()).isEqualTo(503);
            assertThat(metric(router.stats("/metrics"), "signalbox_applies_total{result=\"reloaded\"}"))
                    .isGreaterThanOrEqualTo(1);
            // The route left out stays out of later applies: it is not added back at runtime, only for the check
            // to fail and reload again.
            router.write("web.yaml", Manifests.slice("shop", "web", "web-1", web.port(), "127.0.0.1"),
                    Manifests.route("shop", "web", "web.example.com", "", "web"));
            router.await("web.example.com", "/", r -> r.status() == 200);
            Thread.sleep(1000); // a check that failed again would have reloaded by now
            assertThat(router.reloads()).isEqualTo(reloads + 1);
            assertThat(tls.get("secure.example.com", "secure.example.com", "/").response().status()).isEqualTo(503);
        }
    }

    /** Polls each host over TLS (SNI = host) until it answers 200 from its backend. */
    private static void awaitServed(TlsClient tls, Map<String, String> backendByHost) throws Exception {
        for (Map.Entry<String, String> host : backendByHost.entrySet()) {
            TlsClient.Result result = TlsRoutingTest.eventually(() -> tls.get(host.getKey(), host.getKey(), "/"),
                    r -> r.response().status() == 200);
            assertThat(result.response().status()).as(host.getKey()).isEqualTo(200);
            assertThat(result.response().backend()).as(host.getKey()).isEqualTo(host.getValue());
        }
    }
}
