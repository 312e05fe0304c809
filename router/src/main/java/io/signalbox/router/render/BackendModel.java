package io.signalbox.router.render;

import java.util.List;
import java.util.Map;

/**
 * What the template needs to write one route's backend.
 *
 * @param name        be_http:&lt;ns&gt;:&lt;name&gt; (OpenShift's naming)
 * @param namespace   the route's namespace
 * @param routeName   the route's name
 * @param host        the route's effective host
 * @param path        the route's path ("" for none)
 * @param balance     the balance algorithm
 * @param cookieName  the sticky cookie's name
 * @param annotations the route's annotations with values safe to print on one line (custom templates use them)
 */
public record BackendModel(
        String name,
        String namespace,
        String routeName,
        String host,
        String path,
        String balance,
        String cookieName,
        List<ServerLine> servers,
        Map<String, String> annotations) {

    public BackendModel {
        servers = List.copyOf(servers);
        annotations = Map.copyOf(annotations);
    }
}
