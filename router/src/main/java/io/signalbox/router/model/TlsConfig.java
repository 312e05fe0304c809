package io.signalbox.router.model;

/** spec.tls as written; any field may be null or empty. */
public record TlsConfig(
        String termination,
        String certificate,
        String key,
        String caCertificate,
        String destinationCACertificate,
        String insecureEdgeTerminationPolicy) {
}
