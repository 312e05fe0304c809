package io.signalbox.tests;

import io.signalbox.router.tls.CertificateIssuer;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import io.signalbox.router.tls.CertificateIssuer.Request;
import java.time.Duration;
import java.time.Instant;

/** Certificates the end-to-end tests serve and expect, made fresh for each run (EC keys, valid from yesterday). */
final class TestPki {
    private static final Instant YESTERDAY = Instant.now().minus(Duration.ofDays(1));

    private TestPki() {
    }

    static Issued ca(String name) {
        return CertificateIssuer.issue(new Request(name, null, CertificateIssuer.keyPair("EC"), null, YESTERDAY,
                Duration.ofDays(365), "SHA256withECDSA", true));
    }

    /** Signed by the CA, or self-signed when ca is null; the DNS name is also the CN. */
    static Issued leaf(Issued ca, String dnsName) {
        return CertificateIssuer.issue(new Request(dnsName, dnsName, CertificateIssuer.keyPair("EC"), ca, YESTERDAY,
                Duration.ofDays(30), "SHA256withECDSA", false));
    }

    static String otherKey() {
        return CertificateIssuer.pem(CertificateIssuer.keyPair("EC").getPrivate());
    }
}
