package io.signalbox.router.source;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's model of what the informers hold, turned into the events that change it. EndpointSlices are kept
 * per service and re-aggregated when one of them changes; an object that maps to what the mirror already has
 * produces no event, so informer resyncs and status-only updates cost nothing downstream. Not thread-safe: one
 * thread feeds it.
 */
final class KubeMirror {
    private static final Logger LOG = LoggerFactory.getLogger(KubeMirror.class);

    private final Map<String, NamespaceInfo> namespaces = new TreeMap<>();
    private final Map<ObjectRef, Service> services = new TreeMap<>();
    private final Map<ObjectRef, Route> routes = new TreeMap<>();
    private final Map<ObjectRef, ServiceEndpoints> endpoints = new TreeMap<>();
    /** Service → slice → its reduced form; a service's endpoints are the aggregate of its slices. */
    private final Map<ObjectRef, Map<ObjectRef, ServiceSlice>> slicesByService = new HashMap<>();
    private final Map<ObjectRef, ObjectRef> serviceOfSlice = new HashMap<>();

    /** An object was added or changed in the API. */
    List<SourceEvent> upserted(HasMetadata object) {
        try {
            return upsertedOrFail(object);
        } catch (IllegalArgumentException e) {
            // The API validated it, so this is rare; an object the router cannot read is not served.
            LOG.warn("ignoring {} {}/{}: {}", object.getKind(), object.getMetadata().getNamespace(),
                    object.getMetadata().getName(), e.getMessage());
            return deleted(object);
        }
    }

    /** An object was deleted in the API (or left the watch's selector). */
    List<SourceEvent> deleted(HasMetadata object) {
        String namespace = Objects.requireNonNullElse(object.getMetadata().getNamespace(), "");
        ObjectRef ref = new ObjectRef(namespace, object.getMetadata().getName());
        if (object instanceof io.fabric8.openshift.api.model.Route) {
            return routes.remove(ref) == null ? List.of() : List.of(new SourceEvent.RouteDeleted(ref));
        } else if (object instanceof io.fabric8.kubernetes.api.model.Service) {
            return services.remove(ref) == null ? List.of() : List.of(new SourceEvent.ServiceDeleted(ref));
        } else if (object instanceof Endpoints) {
            return endpoints.remove(ref) == null ? List.of() : List.of(new SourceEvent.EndpointsDeleted(ref));
        } else if (object instanceof EndpointSlice) {
            return sliceGone(ref).map(this::reaggregate).map(List::of).orElse(List.of());
        } else if (object instanceof Namespace) {
            return namespaces.remove(ref.name()) == null ? List.of() : List.of(new SourceEvent.NamespaceDeleted(ref.name()));
        }
        return List.of();
    }

    /** Everything the mirror holds, in the shape of a manifests view, so that two states can be diffed. */
    ManifestView view() {
        return new ManifestView(new TreeMap<>(namespaces), new TreeMap<>(services), new TreeMap<>(endpoints),
                new TreeMap<>(routes));
    }

    private List<SourceEvent> upsertedOrFail(HasMetadata object) {
        if (object instanceof io.fabric8.openshift.api.model.Route route) {
            // Status writes only bump resourceVersion: they must not re-run admission and a commit.
            Route model = withoutVersion(ModelMapper.route(route));
            return Objects.equals(routes.put(model.ref(), model), model) ? List.of()
                    : List.of(new SourceEvent.RouteUpserted(model));
        } else if (object instanceof io.fabric8.kubernetes.api.model.Service service) {
            Service model = ModelMapper.service(service);
            return Objects.equals(services.put(model.ref(), model), model) ? List.of()
                    : List.of(new SourceEvent.ServiceUpserted(model));
        } else if (object instanceof Endpoints eps) {
            return endpointsChanged(ModelMapper.endpoints(eps));
        } else if (object instanceof EndpointSlice slice) {
            return sliceChanged(ModelMapper.ref(slice.getMetadata()), EndpointSliceAggregator.slice(slice));
        } else if (object instanceof Namespace ns) {
            NamespaceInfo model = ModelMapper.namespace(ns);
            return Objects.equals(namespaces.put(model.name(), model), model) ? List.of()
                    : List.of(new SourceEvent.NamespaceUpserted(model));
        }
        return List.of();
    }

    private List<SourceEvent> sliceChanged(ObjectRef sliceRef, Optional<ServiceSlice> slice) {
        List<SourceEvent> events = new ArrayList<>();
        Optional<ObjectRef> before = sliceGone(sliceRef);
        slice.ifPresent(s -> {
            slicesByService.computeIfAbsent(s.service(), k -> new HashMap<>()).put(sliceRef, s);
            serviceOfSlice.put(sliceRef, s.service());
        });
        // A slice relabelled to another service changes both services.
        before.filter(service -> slice.map(s -> !s.service().equals(service)).orElse(true))
                .map(this::reaggregate).ifPresent(events::add);
        slice.map(s -> reaggregate(s.service())).ifPresent(events::add);
        return events;
    }

    /** Forgets a slice; the service it belonged to, if any. */
    private Optional<ObjectRef> sliceGone(ObjectRef sliceRef) {
        ObjectRef service = serviceOfSlice.remove(sliceRef);
        if (service == null) {
            return Optional.empty();
        }
        Map<ObjectRef, ServiceSlice> slices = slicesByService.get(service);
        slices.remove(sliceRef);
        if (slices.isEmpty()) {
            slicesByService.remove(service);
        }
        return Optional.of(service);
    }

    /** The event that brings one service's aggregate up to date, or null when it did not change. */
    private SourceEvent reaggregate(ObjectRef service) {
        Map<ObjectRef, ServiceSlice> slices = slicesByService.getOrDefault(service, Map.of());
        ServiceEndpoints aggregate = EndpointSliceAggregator.aggregate(slices.values())
                .getOrDefault(service, new ServiceEndpoints(service, List.of()));
        List<SourceEvent> events = endpointsChanged(aggregate);
        return events.isEmpty() ? null : events.get(0);
    }

    /** An empty aggregate is a deletion (SPEC §0.1). */
    private List<SourceEvent> endpointsChanged(ServiceEndpoints model) {
        if (model.isEmpty()) {
            return endpoints.remove(model.service()) == null ? List.of()
                    : List.of(new SourceEvent.EndpointsDeleted(model.service()));
        }
        return Objects.equals(endpoints.put(model.service(), model), model) ? List.of()
                : List.of(new SourceEvent.EndpointsUpserted(model));
    }

    private static Route withoutVersion(Route r) {
        return new Route(r.ref(), r.uid(), r.creationTimestamp(), null, r.labels(), r.annotations(), r.host(),
                r.subdomain(), r.path(), r.wildcardPolicy(), r.to(), r.alternateBackends(), r.targetPort(), r.tls(),
                r.httpHeaders());
    }
}
