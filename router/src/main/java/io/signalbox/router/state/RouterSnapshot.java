package io.signalbox.router.state;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;
import java.util.Map;

/**
 * What the router loop hands to render and apply: the admitted routes (effective hosts) and the endpoints and
 * services they may use. Immutable, so blocking work can read it off the loop.
 */
public record RouterSnapshot(
        Map<ObjectRef, Route> routes,
        Map<ObjectRef, ServiceEndpoints> endpoints,
        Map<ObjectRef, Service> services) {

    public RouterSnapshot {
        routes = Map.copyOf(routes);
        endpoints = Map.copyOf(endpoints);
        services = Map.copyOf(services);
    }

    /** The same endpoints and services with another set of routes (used to check a subset of routes). */
    public RouterSnapshot withRoutes(Map<ObjectRef, Route> otherRoutes) {
        return new RouterSnapshot(otherRoutes, endpoints, services);
    }
}
