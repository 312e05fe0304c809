package io.signalbox.router.source;

import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;

/**
 * What a source (the manifests directory or the Kubernetes API) tells the router loop. Sources deliver them in
 * batches; the loop applies a batch and then commits once.
 */
public sealed interface SourceEvent {
    record RouteUpserted(Route route) implements SourceEvent { }

    record RouteDeleted(ObjectRef ref) implements SourceEvent { }

    record ServiceUpserted(Service service) implements SourceEvent { }

    record ServiceDeleted(ObjectRef ref) implements SourceEvent { }

    /** The aggregated endpoints of one service; an empty aggregate is sent as EndpointsDeleted. */
    record EndpointsUpserted(ServiceEndpoints endpoints) implements SourceEvent { }

    record EndpointsDeleted(ObjectRef service) implements SourceEvent { }

    record NamespaceUpserted(NamespaceInfo namespace) implements SourceEvent { }

    record NamespaceDeleted(String name) implements SourceEvent { }

    /** Everything the source had at start-up has been delivered; the router may write its first config. */
    record Synced() implements SourceEvent { }
}
