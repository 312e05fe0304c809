package io.signalbox.router.render;

import java.util.List;
import java.util.Map;

/**
 * What the template needs to write one route's backend.
 *
 * @param name        be_http / be_edge_http / be_secure / be_tcp + ":&lt;ns&gt;:&lt;name&gt;" (OpenShift's naming)
 * @param mode        "http", or "tcp" for passthrough
 * @param namespace   the route's namespace
 * @param routeName   the route's name
 * @param host        the route's effective host
 * @param path        the route's path ("" for none)
 * @param balance     the balance algorithm
 * @param cookieName  the sticky cookie's name
 * @param secureCookie the cookie carries Secure and SameSite=None (edge and reencrypt, unless policy Allow)
 * @param serverTls   how servers are reached over TLS (reencrypt), or null for plain connections
 * @param annotations the route's annotations with values safe to print on one line (custom templates use them)
 */
public record BackendModel(
        String name,
        String mode,
        String namespace,
        String routeName,
        String host,
        String path,
        String balance,
        String cookieName,
        boolean secureCookie,
        ServerTls serverTls,
        List<ServerLine> servers,
        Map<String, String> annotations) {

    public BackendModel {
        servers = List.copyOf(servers);
        annotations = Map.copyOf(annotations);
    }
}
