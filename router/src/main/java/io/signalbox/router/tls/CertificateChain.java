package io.signalbox.router.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Signature checks OpenShift's extended validation makes on certificates: chains are followed by signature and
 * issuer name only, so an expired certificate still verifies (SPEC §2.4).
 */
public final class CertificateChain {
    private static final int MAX_DEPTH = 10;

    private CertificateChain() {
    }

    /** True when the certificate is signed with SHA-1, MD5 or MD2. */
    public static boolean weaklySigned(X509Certificate certificate) {
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        return algorithm.contains("SHA1") || algorithm.contains("MD5") || algorithm.contains("MD2");
    }

    public static boolean selfSigned(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                && signedBy(certificate, certificate);
    }

    /** True when a path of signatures leads from the leaf through the intermediates to one of the anchors. */
    public static boolean verifies(X509Certificate leaf, List<X509Certificate> intermediates,
                                   List<X509Certificate> anchors) {
        X509Certificate current = leaf;
        List<X509Certificate> unused = new ArrayList<>(intermediates);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            for (X509Certificate anchor : anchors) {
                if (issuedBy(current, anchor)) {
                    return true;
                }
            }
            X509Certificate next = null;
            for (X509Certificate candidate : unused) {
                if (issuedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return false;
            }
            unused.remove(next);
            current = next;
        }
        return false;
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && signedBy(certificate, issuer);
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
