package io.signalbox.router.source;

import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the whole directory says, in the shape the router consumes: endpoints already aggregated per service.
 * A service with any EndpointSlice is described by its slices and a v1 Endpoints object of the same name is
 * ignored (the router watches slices by default); a service without slices uses its v1 Endpoints. Services whose
 * endpoints have no ready address are absent, so they reach the router as EndpointsDeleted.
 */
record ManifestView(
        SortedMap<String, NamespaceInfo> namespaces,
        SortedMap<ObjectRef, Service> services,
        SortedMap<ObjectRef, ServiceEndpoints> endpoints,
        SortedMap<ObjectRef, Route> routes) {

    static final ManifestView EMPTY = of(List.of());

    static ManifestView of(Collection<ManifestObject> objects) {
        SortedMap<String, NamespaceInfo> namespaces = new TreeMap<>();
        SortedMap<ObjectRef, Service> services = new TreeMap<>();
        SortedMap<ObjectRef, ServiceEndpoints> endpoints = new TreeMap<>();
        SortedMap<ObjectRef, Route> routes = new TreeMap<>();
        List<ServiceSlice> slices = new ArrayList<>();
        for (ManifestObject object : objects) {
            if (object instanceof ManifestObject.NamespaceObject ns) {
                namespaces.put(ns.namespace().name(), ns.namespace());
            } else if (object instanceof ManifestObject.ServiceObject svc) {
                services.put(svc.service().ref(), svc.service());
            } else if (object instanceof ManifestObject.EndpointsObject eps) {
                endpoints.put(eps.endpoints().service(), eps.endpoints());
            } else if (object instanceof ManifestObject.SliceObject slice) {
                slices.add(slice.slice());
            } else if (object instanceof ManifestObject.RouteObject route) {
                routes.put(route.route().ref(), route.route());
            }
        }
        Map<ObjectRef, ServiceEndpoints> aggregated = EndpointSliceAggregator.aggregate(slices);
        endpoints.putAll(aggregated);
        endpoints.values().removeIf(ServiceEndpoints::isEmpty);
        return new ManifestView(namespaces, services, endpoints, routes);
    }
}
