package io.signalbox.router.source;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.ServiceEndpoints;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * EndpointSlices → one Endpoints-like object per service, as OpenShift's converter does (SPEC §0.1,
 * factory.go aggregateEndpointSlice, endpointsubset/converter.go): slices are grouped by the
 * kubernetes.io/service-name label and sorted by slice name; each slice becomes one subset of its ready
 * endpoints. Addresses sort by IP as a string (as OpenShift does), then pod name; ports by number, protocol, name.
 */
public final class EndpointSliceAggregator {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private static final Set<String> IP_ADDRESS_TYPES = Set.of("IPv4", "IPv6");
    private static final Comparator<EndpointAddress> ADDRESS_ORDER = Comparator.comparing(EndpointAddress::ip)
            .thenComparing(EndpointAddress::podName, Comparator.nullsFirst(Comparator.naturalOrder()));
    private static final Comparator<EndpointPort> PORT_ORDER = Comparator.comparingInt(EndpointPort::port)
            .thenComparing(EndpointPort::protocol)
            .thenComparing(EndpointPort::name);

    private EndpointSliceAggregator() {
    }

    /** The slice reduced to its service and subset; empty when it has no service-name label (OpenShift ignores it). */
    public static Optional<ServiceSlice> slice(EndpointSlice slice) {
        ObjectRef ref = ModelMapper.ref(slice.getMetadata());
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        if (service == null || service.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceSlice(ref, new ObjectRef(ref.namespace(), service), subset(slice)));
    }

    /**
     * One entry per service that has at least one slice, even when nothing in them is ready: a service with slices
     * is described by its slices alone. Subsets without a ready address are left out.
     */
    public static Map<ObjectRef, ServiceEndpoints> aggregate(Collection<ServiceSlice> slices) {
        Map<ObjectRef, List<ServiceSlice>> byService = slices.stream()
                .collect(Collectors.groupingBy(ServiceSlice::service, TreeMap::new, Collectors.toList()));
        Map<ObjectRef, ServiceEndpoints> out = new TreeMap<>();
        byService.forEach((service, group) -> out.put(service, new ServiceEndpoints(service, group.stream()
                .sorted(Comparator.comparing(s -> s.slice().name()))
                .map(ServiceSlice::subset)
                .filter(subset -> !subset.addresses().isEmpty())
                .toList())));
        return out;
    }

    private static EndpointSubset subset(EndpointSlice slice) {
        if (!IP_ADDRESS_TYPES.contains(slice.getAddressType())) {
            return new EndpointSubset(List.of(), List.of());
        }
        List<EndpointAddress> addresses = ModelMapper.mapEach("endpoints", slice.getEndpoints(),
                        EndpointSliceAggregator::readyAddresses)
                .stream()
                .flatMap(List::stream)
                .sorted(ADDRESS_ORDER)
                .toList();
        List<EndpointPort> ports = ModelMapper.mapEach("ports", slice.getPorts(),
                        p -> new EndpointPort(p.getName(), ModelMapper.required("port", p.getPort()), p.getProtocol(),
                                p.getAppProtocol()))
                .stream()
                .sorted(PORT_ORDER)
                .toList();
        return new EndpointSubset(addresses, ports);
    }

    private static List<EndpointAddress> readyAddresses(Endpoint endpoint) {
        if (!isReady(endpoint)) {
            return List.of();
        }
        return ModelMapper.mapEach("addresses", endpoint.getAddresses(),
                ip -> ModelMapper.endpointAddress(ip, endpoint.getTargetRef()));
    }

    /** ready == null means ready: the API's rule for consumers that do not know better. */
    private static boolean isReady(Endpoint endpoint) {
        return endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
    }
}
