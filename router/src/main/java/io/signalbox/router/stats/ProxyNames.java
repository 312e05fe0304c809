package io.signalbox.router.stats;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Reads routes, pods and services back out of HAProxy proxy and server names, as OpenShift's exporter does:
 * be_http / be_edge_http / be_secure / be_tcp:&lt;ns&gt;:&lt;route&gt; backends and
 * pod:&lt;pod&gt;:&lt;service&gt;:&lt;port&gt;:&lt;ip&gt;:&lt;port&gt; or ept:&lt;service&gt;:... servers.
 */
final class ProxyNames {
    private ProxyNames() {
    }

    static Labels backendLabels(String proxy) {
        String[] parts = proxy.split(":", 3);
        String kind = switch (parts[0]) {
            case "be_http" -> "http";
            case "be_edge_http" -> "https-edge";
            case "be_secure" -> "https";
            case "be_tcp" -> "tcp";
            default -> null;
        };
        if (kind == null || parts.length < 3) {
            return Labels.of("backend", "other/" + proxy, "namespace", "", "route", "");
        }
        return Labels.of("backend", kind, "namespace", parts[1], "route", parts[2]);
    }

    static Labels serverLabels(String proxy, String server) {
        Labels backend = backendLabels(proxy);
        String namespace = backend.get("namespace");
        String route = backend.get("route");
        String[] parts = server.split(":");
        String pod = "";
        String service = "";
        String address = server;
        if (parts[0].equals("pod") && parts.length >= 6) {
            pod = parts[1];
            service = parts[2];
            address = hostPort(parts, 4);
        } else if (parts[0].equals("ept") && parts.length >= 5) {
            service = parts[1];
            address = hostPort(parts, 3);
        }
        return Labels.of("server", address, "namespace", namespace, "route", route, "pod", pod, "service", service);
    }

    /** ip:port from the tail of a server name; an IPv6 address spans several colon-separated parts. */
    private static String hostPort(String[] parts, int from) {
        String port = parts[parts.length - 1];
        String ip = String.join(":", java.util.Arrays.copyOfRange(parts, from, parts.length - 1));
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
