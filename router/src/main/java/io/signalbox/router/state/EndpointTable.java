package io.signalbox.router.state;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.source.SourceEvent;
import java.util.HashMap;
import java.util.Map;

/** The services and endpoints the sources reported, keyed by service. Owned by the router loop. */
final class EndpointTable {
    private final Map<ObjectRef, ServiceEndpoints> endpoints = new HashMap<>();
    private final Map<ObjectRef, Service> services = new HashMap<>();

    /** Applies one event; true when it was about endpoints or services and changed something. */
    boolean apply(SourceEvent event) {
        if (event instanceof SourceEvent.EndpointsUpserted e) {
            return !e.endpoints().equals(endpoints.put(e.endpoints().service(), e.endpoints()));
        } else if (event instanceof SourceEvent.EndpointsDeleted e) {
            return endpoints.remove(e.service()) != null;
        } else if (event instanceof SourceEvent.ServiceUpserted e) {
            return !e.service().equals(services.put(e.service().ref(), e.service()));
        } else if (event instanceof SourceEvent.ServiceDeleted e) {
            return services.remove(e.ref()) != null;
        }
        return false;
    }

    Map<ObjectRef, ServiceEndpoints> endpoints() {
        return endpoints;
    }

    Map<ObjectRef, Service> services() {
        return services;
    }
}
