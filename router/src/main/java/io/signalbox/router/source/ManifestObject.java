package io.signalbox.router.source;

import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;

/** One object read from a manifest, already in the router's model. */
public sealed interface ManifestObject {
    ObjectKey key();

    record RouteObject(Route route) implements ManifestObject {
        @Override
        public ObjectKey key() {
            return new ObjectKey(ObjectKey.Kind.ROUTE, route.ref());
        }
    }

    record ServiceObject(Service service) implements ManifestObject {
        @Override
        public ObjectKey key() {
            return new ObjectKey(ObjectKey.Kind.SERVICE, service.ref());
        }
    }

    /** A v1 Endpoints object; its name is the service's. */
    record EndpointsObject(ServiceEndpoints endpoints) implements ManifestObject {
        @Override
        public ObjectKey key() {
            return new ObjectKey(ObjectKey.Kind.ENDPOINTS, endpoints.service());
        }
    }

    record SliceObject(ServiceSlice slice) implements ManifestObject {
        @Override
        public ObjectKey key() {
            return new ObjectKey(ObjectKey.Kind.ENDPOINT_SLICE, slice.slice());
        }
    }

    record NamespaceObject(NamespaceInfo namespace) implements ManifestObject {
        @Override
        public ObjectKey key() {
            return ObjectKey.namespace(namespace.name());
        }
    }
}
