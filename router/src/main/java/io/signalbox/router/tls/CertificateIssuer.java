package io.signalbox.router.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues X.509 certificates with BouncyCastle: the router's self-signed default certificate, and the CAs and
 * leaves the tests serve (tests make their certificates fresh; none are checked in).
 */
public final class CertificateIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public String certificatePem() {
            return pem(certificate);
        }

        /** The private key as PKCS#8 ("PRIVATE KEY"), which OpenSSL and the JDK both read. */
        public String keyPem() {
            return pem(keys.getPrivate());
        }

        /** Key and certificate in one PEM, as HAProxy and DEFAULT_CERTIFICATE take them. */
        public String combinedPem() {
            return keyPem() + certificatePem();
        }
    }

    /**
     * What to issue.
     *
     * @param commonName the subject CN
     * @param dnsName    the DNS subjectAltName, or null for none
     * @param issuer     the signing certificate and key, or null for a self-signed certificate
     * @param signature  a JCA signature algorithm the issuer's key can make, e.g. SHA256withRSA
     * @param ca         whether the certificate may sign others
     */
    public record Request(String commonName, String dnsName, KeyPair keys, Issued issuer, Instant notBefore,
                          Duration lifetime, String signature, boolean ca) {
    }

    public static Issued issue(Request request) {
        KeyPair signer = request.issuer() == null ? request.keys() : request.issuer().keys();
        X500Name subject = new X500Name("CN=" + request.commonName());
        X500Name issuer = request.issuer() == null ? subject
                : X500Name.getInstance(request.issuer().certificate().getSubjectX500Principal().getEncoded());
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                    Date.from(request.notBefore()), Date.from(request.notBefore().plus(request.lifetime())), subject,
                    request.keys().getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(request.ca()));
            if (request.dnsName() != null) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, request.dnsName())));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(request.signature()).build(signer.getPrivate())));
            return new Issued(certificate, request.keys());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + request.commonName(), e);
        }
    }

    /** A new key pair: "RSA" (2048 bits) or "EC" (P-256). */
    public static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of a certificate, or of a private key as PKCS#8. */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
