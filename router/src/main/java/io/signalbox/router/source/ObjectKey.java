package io.signalbox.router.source;

import io.signalbox.router.model.ObjectRef;
import java.util.Arrays;
import java.util.Optional;

/** Kind, namespace and name: what makes two manifest objects "the same object". */
public record ObjectKey(Kind kind, ObjectRef ref) {

    /** The kinds the router reads, with the apiVersion each must be written with. */
    public enum Kind {
        ROUTE("route.openshift.io/v1", "Route", true),
        SERVICE("v1", "Service", true),
        ENDPOINT_SLICE("discovery.k8s.io/v1", "EndpointSlice", true),
        ENDPOINTS("v1", "Endpoints", true),
        NAMESPACE("v1", "Namespace", false);

        private final String apiVersion;
        private final String kind;
        private final boolean namespaced;

        Kind(String apiVersion, String kind, boolean namespaced) {
            this.apiVersion = apiVersion;
            this.kind = kind;
            this.namespaced = namespaced;
        }

        public static Optional<Kind> of(String apiVersion, String kind) {
            return Arrays.stream(values()).filter(k -> k.apiVersion.equals(apiVersion) && k.kind.equals(kind)).findFirst();
        }

        public boolean namespaced() {
            return namespaced;
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    /** Cluster-scoped objects (namespaces) carry "" as their namespace. */
    public static ObjectKey namespace(String name) {
        return new ObjectKey(Kind.NAMESPACE, new ObjectRef("", name));
    }

    @Override
    public String toString() {
        return kind + " " + (kind.namespaced() ? ref.toString() : ref.name());
    }
}
