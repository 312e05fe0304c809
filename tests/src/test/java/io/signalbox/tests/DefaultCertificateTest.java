package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §10 cases 30 and 32 (second half) with an operator's settings: DEFAULT_CERTIFICATE_DIR holding a
 * certificate for *.apps.example.com, ROUTER_STRICT_SNI and DEFAULT_DESTINATION_CA_PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultCertificateTest {
    private static final Issued SERVICE_CA = TestPki.ca("Service CA");
    private static final Issued APPS = TestPki.leaf(null, "*.apps.example.com");

    private RouterHarness router;
    private TlsClient tls;
    private Path certDir;
    private TestBackend rightName;
    private TestBackend wrongName;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        certDir = Files.createDirectories(root.resolve("default-cert"));
        Files.writeString(certDir.resolve("tls.crt"), APPS.certificatePem());
        Files.writeString(certDir.resolve("tls.key"), APPS.keyPem());
        Path serviceCa = root.resolve("service-ca.crt");
        Files.writeString(serviceCa, SERVICE_CA.certificatePem());
        rightName = new TestBackend("right", TlsClient.serverContext(TestPki.leaf(SERVICE_CA, "svc-right.shop.svc")));
        wrongName = new TestBackend("wrong", TlsClient.serverContext(TestPki.leaf(SERVICE_CA, "someone.else.svc")));
        router = new RouterHarness(root)
                .env("DEFAULT_CERTIFICATE_DIR", certDir.toString())
                .env("ROUTER_STRICT_SNI", "true")
                .env("DEFAULT_DESTINATION_CA_PATH", serviceCa.toString())
                .start();
        tls = new TlsClient(router.httpsPort);
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
        rightName.close();
        wrongName.close();
    }

    @Test
    void strictSniRefusesANameNoCertificateHoldsButServesTheDefaultCertificatesNames() throws Exception {
        assertThatThrownBy(() -> tls.handshake("other.example.com"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("unrecognized_name");
        assertThat(tls.handshake("x.apps.example.com").presented()).isEqualTo(APPS.certificate());
        assertThat(tls.handshake(null).presented()).isEqualTo(APPS.certificate());
    }

    @Test
    void aNewCertificateInTheFolderIsServedWithoutARestart() throws Exception {
        Issued renewed = TestPki.leaf(null, "*.apps.example.com");
        Files.writeString(certDir.resolve("tls.key"), renewed.keyPem());
        Files.writeString(certDir.resolve("tls.crt"), renewed.certificatePem());
        TlsClient.Result result = TlsRoutingTest.eventually(() -> tls.handshake(null),
                r -> r.presented().equals(renewed.certificate()));
        assertThat(result.presented()).isEqualTo(renewed.certificate());
        // The applier reloads on its own for this, and the loop counts that reload like any other.
        assertThat(router.await(() -> RouterHarness.metric(router.stats("/metrics"),
                "signalbox_reloads_total{reason=\"default-certificate\"}"), n -> n >= 1)).isGreaterThanOrEqualTo(1);
        Files.writeString(certDir.resolve("tls.key"), APPS.keyPem());
        Files.writeString(certDir.resolve("tls.crt"), APPS.certificatePem());
        TlsRoutingTest.eventually(() -> tls.handshake(null), r -> r.presented().equals(APPS.certificate()));
    }

    @Test
    void reencryptWithoutItsOwnCaVerifiesThePodAsTheServicesClusterName() throws Exception {
        router.write("services.yaml",
                Manifests.slice("shop", "svc-right", "svc-right-1", rightName.port(), "127.0.0.1"),
                Manifests.slice("shop", "svc-wrong", "svc-wrong-1", wrongName.port(), "127.0.0.1"));
        router.write("routes.yaml",
                Manifests.route("shop", "right", "right.apps.example.com", "", "svc-right", Manifests.tls("reencrypt", "")),
                Manifests.route("shop", "wrong", "wrong.apps.example.com", "", "svc-wrong", Manifests.tls("reencrypt", "")));
        TlsClient.Result right = TlsRoutingTest.eventually(
                () -> tls.get("right.apps.example.com", "right.apps.example.com", "/"), r -> r.response().status() == 200);
        assertThat(right.response().backend()).isEqualTo("right");
        assertThat(router.awaitBackend("be_secure", "shop", "wrong")).contains("verifyhost svc-wrong.shop.svc");
        assertThat(tls.get("wrong.apps.example.com", "wrong.apps.example.com", "/").response().status()).isEqualTo(503);
    }
}
