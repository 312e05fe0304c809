package io.signalbox.router.tls;

import io.signalbox.router.tls.CertificateIssuer.Issued;
import io.signalbox.router.tls.CertificateIssuer.Request;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

/** Test certificates, made fresh: a CA, leaves it signs for a DNS name, self-signed leaves. EC keys keep it fast. */
public final class TestCertificates {
    private static final Instant YESTERDAY = Instant.now().minus(Duration.ofDays(1));

    private TestCertificates() {
    }

    public static Issued ca(String name) {
        return CertificateIssuer.issue(new Request(name, null, keyPair(), null, YESTERDAY, Duration.ofDays(365),
                "SHA256withECDSA", true));
    }

    public static Issued leaf(Issued ca, String dnsName) {
        return leaf(ca, dnsName, YESTERDAY, Duration.ofDays(30), "SHA256withECDSA");
    }

    public static Issued leaf(Issued ca, String dnsName, Instant notBefore, Duration lifetime, String signature) {
        return CertificateIssuer.issue(new Request(dnsName, dnsName, keyPair(), ca, notBefore, lifetime, signature,
                false));
    }

    public static Issued selfSigned(String dnsName) {
        return CertificateIssuer.issue(new Request(dnsName, dnsName, keyPair(), null, YESTERDAY, Duration.ofDays(30),
                "SHA256withECDSA", false));
    }

    /** With an RSA key, for signature algorithms that need one (SHA1withRSA, MD5withRSA). */
    public static Issued rsaSelfSigned(String dnsName, String signature) {
        return CertificateIssuer.issue(new Request(dnsName, dnsName, CertificateIssuer.keyPair("RSA"), null, YESTERDAY,
                Duration.ofDays(30), signature, false));
    }

    public static KeyPair keyPair() {
        return CertificateIssuer.keyPair("EC");
    }

    public static String pem(Object object) {
        return CertificateIssuer.pem(object);
    }
}
