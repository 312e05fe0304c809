package io.signalbox.router.render;

/**
 * TLS from HAProxy to the pods of a reencrypt route (SPEC §4.5): verified against the route's
 * destinationCACertificate, else against DEFAULT_DESTINATION_CA_PATH with the service's cluster name, else not
 * verified.
 *
 * @param alpn       offer h2 to the pod (off with ROUTER_DISABLE_HTTP2)
 * @param caFile     the CA file that verifies the pod's certificate, or null for {@code verify none}
 * @param verifyHost the name the pod's certificate must hold, or null
 */
public record ServerTls(boolean alpn, String caFile, String verifyHost) {
}
