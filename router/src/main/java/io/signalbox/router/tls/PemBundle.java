package io.signalbox.router.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The certificates and private keys found in one PEM text. Text outside PEM blocks is ignored, as OpenShift
 * sanitizes it away. Errors never quote the input, because it may hold key material.
 */
public record PemBundle(List<X509Certificate> certificates, List<PrivateKey> keys) {
    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    public PemBundle {
        certificates = List.copyOf(certificates);
        keys = List.copyOf(keys);
    }

    /** Parses every block; a block that is neither a certificate nor an unencrypted private key is an error. */
    public static PemBundle parse(String pem) throws PemException {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object block;
            while ((block = parser.readObject()) != null) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(CERTIFICATES.getCertificate(holder));
                } else if (block instanceof PEMKeyPair pair) {
                    keys.add(KEYS.getPrivateKey(pair.getPrivateKeyInfo()));
                } else if (block instanceof PrivateKeyInfo info) {
                    keys.add(KEYS.getPrivateKey(info));
                } else {
                    throw new PemException("unsupported PEM block " + block.getClass().getSimpleName()
                            + " (encrypted keys and other types are not supported)");
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new PemException("data does not parse as PEM: " + rootMessage(e));
        }
        return new PemBundle(certificates, keys);
    }

    /** The first line of an exception's message: parser messages name the problem, not the data. */
    private static String rootMessage(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** A PEM text that cannot be used. */
    public static final class PemException extends Exception {
        public PemException(String message) {
            super(message);
        }
    }
}
