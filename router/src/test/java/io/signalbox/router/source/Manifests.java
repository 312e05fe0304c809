package io.signalbox.router.source;

/** Small manifest texts for tests; each returns one YAML document without the "---" separator. */
final class Manifests {
    private Manifests() {
    }

    static String route(String namespace, String name, String host) {
        return """
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  host: %s
                  to: {kind: Service, name: web}
                """.formatted(name, namespace, host);
    }

    static String service(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec:
                  clusterIP: 172.30.0.10
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                """.formatted(name, namespace);
    }

    /** An IPv4 slice of service "web" in namespace "shop" with one endpoint whose ready condition is given. */
    static String slice(String name, String ip, String readyCondition) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s
                  namespace: shop
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                endpoints:
                - addresses: [%s]
                  conditions: {%s}
                  targetRef: {kind: Pod, name: pod-%s}
                ports:
                - {name: http, port: 8080, protocol: TCP}
                """.formatted(name, ip, readyCondition, name);
    }

    static String namespace(String name) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels: {team: blue}
                """.formatted(name);
    }

    static String documents(String... documents) {
        return String.join("---\n", documents);
    }
}
