package io.signalbox.router.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The router's own default certificate when none is configured (OpenShift's ssl.go): RSA-2048, CN
 * openshift-router, SAN {@code *.<ROUTER_DOMAIN>} or localhost, ten years. It is kept on disk and reused, so
 * clients see the same certificate across restarts; a changed ROUTER_DOMAIN makes a new one.
 */
public final class SelfSignedCertificate {
    private static final Duration LIFETIME = Duration.ofDays(3650);

    private SelfSignedCertificate() {
    }

    /** The SAN the certificate carries for this router domain. */
    public static String subjectName(String routerDomain) {
        return routerDomain.isEmpty() ? "localhost" : "*." + routerDomain;
    }

    /** The PEM (key and certificate) kept in this file, made first when missing or made for another name. */
    public static String loadOrCreate(Path file, String routerDomain) {
        String name = subjectName(routerDomain);
        try {
            if (Files.exists(file)) {
                String pem = Files.readString(file);
                if (holdsName(pem, name)) {
                    return pem;
                }
            }
            String pem = generate(name);
            SecretFiles.write(file, pem);
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the self-signed default certificate in " + file, e);
        }
    }

    static String generate(String dnsName) {
        return CertificateIssuer.issue(new CertificateIssuer.Request("openshift-router", dnsName,
                CertificateIssuer.keyPair("RSA"), null, Instant.now().minus(Duration.ofHours(1)), LIFETIME,
                "SHA256withRSA", false)).combinedPem();
    }

    private static boolean holdsName(String pem, String name) {
        try {
            PemBundle bundle = PemBundle.parse(pem);
            if (bundle.certificates().isEmpty() || bundle.keys().isEmpty()) {
                return false;
            }
            Collection<List<?>> names = bundle.certificates().get(0).getSubjectAlternativeNames();
            return names != null && names.stream().anyMatch(n -> name.equals(n.get(1)));
        } catch (PemBundle.PemException | CertificateParsingException e) {
            return false;
        }
    }
}
