package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.tls.CertificateChain;
import io.signalbox.router.tls.KeyPairCheck;
import io.signalbox.router.tls.PemBundle;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenShift's ExtendedValidator (routeapihelpers ExtendedValidateRoute, SPEC §2.4): checks spec.tls and rejects the
 * route alone with ExtendedValidationFailed. It sits after UniqueHost, as in OpenShift, so a route that fails here
 * keeps its claim on the host. The termination and field checks always run, because the config is rendered from
 * those fields; the certificate checks (PEM parsing, key pair, chain, weak signatures) run only with
 * EXTENDED_VALIDATION. Messages name the field and never quote certificate or key data.
 */
final class ExtendedValidator {
    static final String EXTENDED_VALIDATION_FAILED = "ExtendedValidationFailed";
    private static final String TLS = "spec.tls";
    private static final Set<String> TERMINATIONS = Set.of("edge", "passthrough", "reencrypt");

    private ExtendedValidator() {
    }

    static List<FieldError> errors(TlsConfig tls, boolean checkCertificates) {
        List<FieldError> errors = new ArrayList<>();
        if (tls == null) {
            return errors;
        }
        fieldCombinations(tls, errors);
        if (errors.isEmpty() && checkCertificates) {
            certificates(tls, errors);
        }
        return errors;
    }

    /** validation.go validateTLS and validateInsecureEdgeTerminationPolicy. */
    private static void fieldCombinations(TlsConfig tls, List<FieldError> errors) {
        String termination = nonNull(tls.termination());
        if (!TERMINATIONS.contains(termination)) {
            errors.add(new FieldError(TLS + ".termination", "Unsupported value", FieldError.goQuote(termination),
                    "supported values: \"edge\", \"passthrough\", \"reencrypt\""));
            return;
        }
        if (termination.equals("passthrough")) {
            String detail = "passthrough termination does not support certificates";
            present(tls.certificate(), "certificate", "redacted certificate data", detail, errors);
            present(tls.key(), "key", "redacted key data", detail, errors);
            present(tls.caCertificate(), "caCertificate", "redacted ca certificate data", detail, errors);
            present(tls.destinationCACertificate(), "destinationCACertificate",
                    "redacted destination ca certificate data", detail, errors);
        } else if (termination.equals("edge")) {
            present(tls.destinationCACertificate(), "destinationCACertificate",
                    "redacted destination ca certificate data", "edge termination does not support destination certificates",
                    errors);
        }
        String policy = nonNull(tls.insecureEdgeTerminationPolicy());
        if (policy.isEmpty()) {
            return;
        }
        if (termination.equals("passthrough") && !policy.equals("None") && !policy.equals("Redirect")) {
            errors.add(FieldError.invalid(TLS + ".insecureEdgeTerminationPolicy", policy,
                    "invalid value for InsecureEdgeTerminationPolicy option, acceptable values are None, Redirect, or empty"));
        } else if (!Set.of("None", "Allow", "Redirect").contains(policy)) {
            errors.add(FieldError.invalid(TLS + ".insecureEdgeTerminationPolicy", policy,
                    "invalid value for InsecureEdgeTerminationPolicy option, acceptable values are None, Allow, Redirect, or empty"));
        }
    }

    /** validation.go ExtendedValidateRoute: what the certificate fields must hold to be served. */
    private static void certificates(TlsConfig tls, List<FieldError> errors) {
        List<X509Certificate> cas = List.of();
        if (!nonNull(tls.caCertificate()).isBlank()) {
            cas = certificatesOnly(tls.caCertificate(), "caCertificate", "redacted ca certificate data", errors);
        }
        if (!nonNull(tls.destinationCACertificate()).isBlank()) {
            certificatesOnly(tls.destinationCACertificate(), "destinationCACertificate",
                    "redacted destination ca certificate data", errors);
        }
        if (!nonNull(tls.certificate()).isBlank()) {
            servingPair(tls, cas, errors);
        } else if (!nonNull(tls.key()).isBlank()) {
            errors.add(FieldError.invalid(TLS + ".certificate", "redacted certificate data",
                    "a key was given without a certificate"));
        }
    }

    private static void servingPair(TlsConfig tls, List<X509Certificate> cas, List<FieldError> errors) {
        PemBundle certificate = parse(tls.certificate(), "certificate", "redacted certificate data", errors);
        if (certificate == null) {
            return;
        }
        if (certificate.certificates().isEmpty()) {
            invalid("certificate", "redacted certificate data", "data does not contain any valid RSA or ECDSA certificates", errors);
            return;
        }
        X509Certificate leaf = certificate.certificates().get(0);
        if (CertificateChain.weaklySigned(leaf)) {
            invalid("certificate", "redacted certificate data",
                    "certificate uses a weak signature algorithm (" + leaf.getSigAlgName() + ")", errors);
        }
        List<PrivateKey> keys = new ArrayList<>(certificate.keys());
        if (!nonNull(tls.key()).isBlank()) {
            PemBundle key = parse(tls.key(), "key", "redacted key data", errors);
            if (key == null) {
                return;
            }
            if (!key.certificates().isEmpty()) {
                invalid("key", "redacted key data", "the key holds a certificate block; only a private key belongs here", errors);
            }
            keys.addAll(key.keys());
        }
        if (keys.isEmpty()) {
            invalid("key", "redacted key data", "no private key found", errors);
        } else if (!KeyPairCheck.matches(keys.get(0), leaf)) {
            invalid("key", "redacted key data", "tls: private key does not match public key", errors);
        }
        if (!cas.isEmpty() && !CertificateChain.verifies(leaf, certificate.certificates().subList(1,
                certificate.certificates().size()), cas)) {
            invalid("certificate", "redacted certificate data",
                    "error verifying certificate: x509: certificate signed by unknown authority", errors);
        }
    }

    /** A CA field: certificates only, none of them weakly signed unless self-signed (a root's own signature is never checked). */
    private static List<X509Certificate> certificatesOnly(String pem, String field, String redacted, List<FieldError> errors) {
        PemBundle bundle = parse(pem, field, redacted, errors);
        if (bundle == null) {
            return List.of();
        }
        if (!bundle.keys().isEmpty()) {
            invalid(field, redacted, "the field holds a private key; only certificates belong here", errors);
        }
        if (bundle.certificates().isEmpty()) {
            invalid(field, redacted, "data does not contain any valid RSA or ECDSA certificates", errors);
        }
        for (X509Certificate ca : bundle.certificates()) {
            if (CertificateChain.weaklySigned(ca) && !CertificateChain.selfSigned(ca)) {
                invalid(field, redacted, "certificate uses a weak signature algorithm (" + ca.getSigAlgName() + ")", errors);
            }
        }
        return bundle.certificates();
    }

    private static PemBundle parse(String pem, String field, String redacted, List<FieldError> errors) {
        try {
            return PemBundle.parse(pem);
        } catch (PemBundle.PemException e) {
            invalid(field, redacted, e.getMessage(), errors);
            return null;
        }
    }

    private static void present(String value, String field, String redacted, String detail, List<FieldError> errors) {
        if (!nonNull(value).isEmpty()) {
            invalid(field, redacted, detail, errors);
        }
    }

    private static void invalid(String field, String redacted, String detail, List<FieldError> errors) {
        errors.add(FieldError.invalid(TLS + "." + field, redacted, detail));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
