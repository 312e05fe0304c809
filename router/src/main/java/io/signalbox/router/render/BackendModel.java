package io.signalbox.router.render;

import io.signalbox.router.render.annotations.RouteOptions;
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
 * @param options     the route's validated annotations and header actions (SPEC §5)
 * @param allowlistFile the file (in the config folder) holding the allowlist when it is too long for one line, or null
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
        Map<String, String> annotations,
        RouteOptions options,
        String allowlistFile) {

    public BackendModel {
        servers = List.copyOf(servers);
        annotations = Map.copyOf(annotations);
    }

    /** A backend with OpenShift's defaults for everything annotations can change. */
    public BackendModel(String name, String mode, String namespace, String routeName, String host, String path,
                        String balance, String cookieName, boolean secureCookie, ServerTls serverTls,
                        List<ServerLine> servers, Map<String, String> annotations) {
        this(name, mode, namespace, routeName, host, path, balance, cookieName, secureCookie, serverTls, servers,
                annotations, RouteOptions.defaults(mode.equals("http"), secureCookie), null);
    }

    /** An empty spare backend of the pool: what a route of the same shape renders, without servers. */
    static BackendModel spare(String name, String mode, String balance, String cookieName, boolean secureCookie,
                              ServerTls serverTls) {
        return new BackendModel(name, mode, "", "", "", "", balance, cookieName, secureCookie, serverTls, List.of(),
                Map.of());
    }

    /** The same backend under a spare pool backend's name and cookie, so that disk and runtime agree on both. */
    public BackendModel placedIn(String slotName, String slotCookie) {
        return new BackendModel(slotName, mode, namespace, routeName, host, path, balance, slotCookie, secureCookie,
                serverTls, servers, annotations, options, allowlistFile);
    }

    /**
     * What a spare backend can stand in for: everything but the route's identity and its servers. Two backends of
     * the same shape render the same section apart from their server lines.
     */
    public BackendModel shape() {
        // The route's options render into its section, so they are part of the shape (the allowlist file is named by
        // the route and its contents are in the options). The CA file and name that verify a reencrypt route's pods
        // are options of its server lines, which `add server` takes as they are: only TLS itself is shape.
        ServerTls tlsShape = serverTls == null ? null : new ServerTls(serverTls.alpn(), null, null);
        return new BackendModel("", mode, "", "", "", "", balance, "", secureCookie, tlsShape, List.of(), Map.of(),
                options, null);
    }
}
