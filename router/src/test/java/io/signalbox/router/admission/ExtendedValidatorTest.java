package io.signalbox.router.admission;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.tls.TestCertificates;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §2.4 and §10 case 20, through the whole admission chain. */
class ExtendedValidatorTest {
    private static final Issued CA = TestCertificates.ca("Test CA");
    private static final Issued OTHER_CA = TestCertificates.ca("Other CA");
    private static final Issued SECURE = TestCertificates.leaf(CA, "secure.example.com");

    private final RouteAdmission admission = new RouteAdmission(AdmissionSettings.defaults());

    private static TlsConfig edge(String certificate, String key, String ca) {
        return new TlsConfig("edge", certificate, key, ca, null, null);
    }

    private static Route tlsRoute(String name, TlsConfig tls) {
        return route("ns", name).host(name + ".example.com").tls(tls).build();
    }

    private Condition admit(Route route) {
        List<AdmissionChange> changes = admission.routeUpserted(route);
        return changes.get(changes.size() - 1).condition();
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRejectedNamingTheKeyField() {
        String otherKey = TestCertificates.pem(TestCertificates.keyPair().getPrivate());
        Condition condition = admit(tlsRoute("mismatch", edge(SECURE.certificatePem(), otherKey, null)));
        assertThat(condition.admitted()).isFalse();
        assertThat(condition.reason()).isEqualTo("ExtendedValidationFailed");
        assertThat(condition.message()).startsWith("spec.tls.key: Invalid value: \"redacted key data\"")
                .contains("private key does not match public key")
                .doesNotContain("PRIVATE KEY").doesNotContain(otherKey.lines().skip(1).findFirst().orElseThrow());
        assertThat(admission.admitted()).isEmpty();
    }

    @Test
    void anExpiredCertificateWithItsKeyIsAdmitted() {
        Issued expired = TestCertificates.leaf(CA, "old.example.com", Instant.now().minus(Duration.ofDays(400)),
                Duration.ofDays(30), "SHA256withECDSA");
        assertThat(admit(tlsRoute("old", edge(expired.certificatePem(), expired.keyPem(), CA.certificatePem())))
                .admitted()).isTrue();
    }

    @Test
    void aKeyInsideTheCertificateFieldIsEnough() {
        assertThat(admit(tlsRoute("combined", edge(SECURE.combinedPem(), null, null))).admitted()).isTrue();
    }

    @Test
    void anEmptyTerminationIsRejected() {
        Condition condition = admit(tlsRoute("empty", new TlsConfig("", null, null, null, null, null)));
        assertThat(condition.reason()).isEqualTo("ExtendedValidationFailed");
        assertThat(condition.message()).isEqualTo(
                "spec.tls.termination: Unsupported value: \"\": supported values: \"edge\", \"passthrough\", \"reencrypt\"");
    }

    @Test
    void passthroughWithACertificateIsRejected() {
        Condition condition = admit(tlsRoute("pt", new TlsConfig("passthrough", SECURE.certificatePem(), null, null,
                null, null)));
        assertThat(condition.message()).isEqualTo("spec.tls.certificate: Invalid value: \"redacted certificate data\": "
                + "passthrough termination does not support certificates");
    }

    @Test
    void edgeWithADestinationCaAndPassthroughWithAllowAreRejected() {
        assertThat(admit(tlsRoute("e", new TlsConfig("edge", null, null, null, CA.certificatePem(), null))).message())
                .contains("spec.tls.destinationCACertificate").contains("edge termination does not support");
        assertThat(admit(tlsRoute("p", new TlsConfig("passthrough", null, null, null, null, "Allow"))).message())
                .startsWith("spec.tls.insecureEdgeTerminationPolicy: Invalid value: \"Allow\"");
        assertThat(admit(tlsRoute("r", new TlsConfig("reencrypt", null, null, null, null, "Sometimes"))).admitted())
                .isFalse();
    }

    @Test
    void doubleEscapedNewlinesDoNotParse() {
        String flattened = SECURE.certificatePem().replace("\n", "\\n");
        Condition condition = admit(tlsRoute("flat", edge(flattened, SECURE.keyPem(), null)));
        assertThat(condition.admitted()).isFalse();
        assertThat(condition.message()).contains("spec.tls.certificate");
    }

    @Test
    void aCertificateNotSignedByTheGivenCaIsRejected() {
        Condition condition = admit(tlsRoute("chain", edge(SECURE.certificatePem(), SECURE.keyPem(),
                OTHER_CA.certificatePem())));
        assertThat(condition.message()).contains("spec.tls.certificate").contains("unknown authority");
        assertThat(admit(tlsRoute("chained", edge(SECURE.certificatePem(), SECURE.keyPem(), CA.certificatePem())))
                .admitted()).isTrue();
    }

    @Test
    void sha1AndMd5SignedCertificatesAreRefused() {
        for (String weak : new String[] {"SHA1withRSA", "MD5withRSA"}) {
            Issued cert = TestCertificates.rsaSelfSigned("weak.example.com", weak);
            assertThat(admit(tlsRoute("weak", edge(cert.certificatePem(), cert.keyPem(), null))).message())
                    .as(weak).contains("weak signature algorithm");
        }
    }

    @Test
    void aCertificateInTheKeyFieldIsRefused() {
        assertThat(admit(tlsRoute("swapped", edge(SECURE.certificatePem(), SECURE.combinedPem(), null))).message())
                .contains("spec.tls.key").contains("certificate block");
    }

    @Test
    void withoutExtendedValidationOnlyTheFieldCombinationsAreChecked() {
        String garbage = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
        assertThat(ExtendedValidator.errors(edge(garbage, "x", null), false)).isEmpty();
        assertThat(ExtendedValidator.errors(new TlsConfig("bogus", null, null, null, null, null), false)).hasSize(1);
    }

    @Test
    void aRejectedRouteLeavesAloneAndKeepsItsHostClaimAsInOpenShift() {
        admit(tlsRoute("good", edge(SECURE.certificatePem(), SECURE.keyPem(), null)));
        Route bad = route("ns", "bad").host("shared.example.com").tls(new TlsConfig("", null, null, null, null, null))
                .build();
        admit(bad);
        Condition newer = admit(route("ns", "newer").host("shared.example.com").build());
        assertThat(admission.admitted()).extractingFromEntries(e -> e.getKey().name()).containsExactly("good");
        assertThat(newer.reason()).isEqualTo(Condition.HOST_ALREADY_CLAIMED);
    }
}
