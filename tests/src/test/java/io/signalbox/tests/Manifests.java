package io.signalbox.tests;

import java.util.List;
import java.util.stream.Collectors;

/** YAML manifests for the tests, written the way an operator would write them. */
final class Manifests {
    private Manifests() {
    }

    /** A route with wildcardPolicy None to one service, with optional path and extra spec lines. */
    static String route(String ns, String name, String host, String path, String service, String extraSpec) {
        return """
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata:
                  namespace: %s
                  name: %s
                spec:
                  host: %s
                  path: "%s"
                  wildcardPolicy: None
                  to:
                    kind: Service
                    name: %s
                %s
                """.formatted(ns, name, host, path, service, indent(extraSpec));
    }

    /** A route to one service with a weight and one alternate backend with its own. */
    static String weightedRoute(String ns, String name, String host, String service, int weight, String alternate,
                                int alternateWeight) {
        return """
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata:
                  namespace: %s
                  name: %s
                spec:
                  host: %s
                  wildcardPolicy: None
                  to:
                    kind: Service
                    name: %s
                    weight: %d
                  alternateBackends:
                    - kind: Service
                      name: %s
                      weight: %d
                """.formatted(ns, name, host, service, weight, alternate, alternateWeight);
    }

    /** As {@link #route(String, String, String, String, String, String)} with metadata.annotations. */
    static String annotatedRoute(String ns, String name, String host, String path, String service,
                                 java.util.Map<String, String> annotations, String extraSpec) {
        String lines = annotations.entrySet().stream()
                .map(e -> "    " + quoted(e.getKey()) + ": " + quoted(e.getValue()) + "\n").collect(Collectors.joining());
        String metadata = "metadata:\n  namespace: " + ns + "\n  name: " + name + "\n";
        return route(ns, name, host, path, service, extraSpec).replace(metadata, metadata + "  annotations:\n" + lines);
    }

    /** A YAML double-quoted scalar (JSON string rules). */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String route(String ns, String name, String host, String path, String service) {
        return route(ns, name, host, path, service, "");
    }

    /** One EndpointSlice of a service: ready endpoints at 127.0.0.1 on the given port, named port "web". */
    static String slice(String ns, String service, String sliceName, int port, String... ips) {
        return slice(ns, service, sliceName, "web", port, true, ips);
    }

    static String slice(String ns, String service, String sliceName, String portName, int port, boolean ready,
                        String... ips) {
        String endpoints = List.of(ips).stream().map(ip -> """
                  - addresses: ["%s"]
                    conditions:
                      ready: %s
                """.formatted(ip, ready)).collect(Collectors.joining());
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  namespace: %s
                  name: %s
                  labels:
                    kubernetes.io/service-name: %s
                addressType: IPv4
                ports:
                  - name: %s
                    port: %d
                    protocol: TCP
                endpoints:
                %s
                """.formatted(ns, sliceName, service, portName, port, endpoints);
    }

    /**
     * A spec.tls block for {@link #route(String, String, String, String, String, String)}: the termination, the
     * insecure policy ("" for none) and field/PEM pairs such as "certificate", pem, "key", pem.
     */
    static String tls(String termination, String insecurePolicy, String... fieldsAndPems) {
        StringBuilder tls = new StringBuilder("tls:\n  termination: ").append(termination).append('\n');
        if (!insecurePolicy.isEmpty()) {
            tls.append("  insecureEdgeTerminationPolicy: ").append(insecurePolicy).append('\n');
        }
        for (int i = 0; i < fieldsAndPems.length; i += 2) {
            tls.append("  ").append(fieldsAndPems[i]).append(": |\n");
            fieldsAndPems[i + 1].lines().forEach(l -> tls.append("    ").append(l).append('\n'));
        }
        return tls.toString();
    }

    private static String indent(String spec) {
        return spec.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }
}
