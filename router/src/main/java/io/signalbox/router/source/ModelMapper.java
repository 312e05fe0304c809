package io.signalbox.router.source;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.openshift.api.model.RouteSpec;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.HeaderAction;
import io.signalbox.router.model.HeaderActions;
import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.model.Service;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.model.ServicePort;
import io.signalbox.router.model.TlsConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * fabric8 API objects → the router's immutable model. Shared by the manifests directory and the Kubernetes API
 * source, so it takes fabric8 objects and knows nothing about files. Fields the model needs but the object lacks
 * are reported as IllegalArgumentException naming the field.
 */
public final class ModelMapper {
    private ModelMapper() {
    }

    public static Route route(io.fabric8.openshift.api.model.Route route) {
        ObjectMeta meta = route.getMetadata();
        RouteSpec spec = Objects.requireNonNullElseGet(route.getSpec(), RouteSpec::new);
        return new Route(
                ref(meta),
                meta.getUid(),
                timestamp(meta.getCreationTimestamp()),
                meta.getResourceVersion(),
                stringMap("metadata.labels", meta.getLabels()),
                stringMap("metadata.annotations", meta.getAnnotations()),
                spec.getHost(),
                spec.getSubdomain(),
                spec.getPath(),
                spec.getWildcardPolicy(),
                spec.getTo() == null ? null : target(spec.getTo()),
                mapEach("spec.alternateBackends", spec.getAlternateBackends(), ModelMapper::target),
                spec.getPort() == null ? null : text(spec.getPort().getTargetPort()),
                spec.getTls() == null ? null : tls(spec.getTls()),
                headerActions(spec.getHttpHeaders()));
    }

    public static Service service(io.fabric8.kubernetes.api.model.Service service) {
        ObjectMeta meta = service.getMetadata();
        var spec = Objects.requireNonNullElseGet(service.getSpec(), io.fabric8.kubernetes.api.model.ServiceSpec::new);
        return new Service(
                ref(meta),
                spec.getClusterIP(),
                mapEach("spec.ports", spec.getPorts(), p -> new ServicePort(
                        Objects.requireNonNullElse(p.getName(), ""),
                        required("port", p.getPort()),
                        Objects.requireNonNullElse(text(p.getTargetPort()), ""),
                        Objects.requireNonNullElse(p.getProtocol(), "TCP"))),
                stringMap("metadata.annotations", meta.getAnnotations()));
    }

    /** A v1 Endpoints object; notReadyAddresses are left out, as the router never sends traffic to them. */
    public static ServiceEndpoints endpoints(io.fabric8.kubernetes.api.model.Endpoints endpoints) {
        return new ServiceEndpoints(ref(endpoints.getMetadata()), mapEach("subsets", endpoints.getSubsets(),
                subset -> new EndpointSubset(
                        mapEach("addresses", subset.getAddresses(),
                                a -> endpointAddress(required("ip", a.getIp()), a.getTargetRef())),
                        mapEach("ports", subset.getPorts(),
                                p -> new EndpointPort(p.getName(), required("port", p.getPort()), p.getProtocol(),
                                        p.getAppProtocol())))));
    }

    public static NamespaceInfo namespace(io.fabric8.kubernetes.api.model.Namespace namespace) {
        ObjectMeta meta = namespace.getMetadata();
        return new NamespaceInfo(meta.getName(), stringMap("metadata.labels", meta.getLabels()));
    }

    static EndpointAddress endpointAddress(String ip, ObjectReference targetRef) {
        boolean pod = targetRef != null && "Pod".equals(targetRef.getKind());
        return new EndpointAddress(ip, pod ? targetRef.getName() : null);
    }

    static ObjectRef ref(ObjectMeta meta) {
        return new ObjectRef(required("metadata.namespace", meta.getNamespace()), required("metadata.name", meta.getName()));
    }

    /** The string form OpenShift compares endpoint ports against: "8080" or "http". */
    static String text(IntOrString value) {
        if (value == null) {
            return null;
        }
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    /** Maps a list that may be absent; a failing element is named by its index, like "spec.ports[1].port". */
    static <A, B> List<B> mapEach(String field, List<A> items, Function<A, B> mapper) {
        List<B> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            try {
                out.add(mapper.apply(required(field + "[" + i + "]", items.get(i))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "[" + i + "]." + e.getMessage(), e);
            }
        }
        return out;
    }

    private static RouteTarget target(io.fabric8.openshift.api.model.RouteTargetReference target) {
        return new RouteTarget(target.getKind(), target.getName(), target.getWeight());
    }

    /** spec.httpHeaders.actions; the names and values are checked when rendered, where a bad one is reported. */
    private static HeaderActions headerActions(io.fabric8.openshift.api.model.RouteHTTPHeaders headers) {
        if (headers == null || headers.getActions() == null) {
            return HeaderActions.NONE;
        }
        return new HeaderActions(
                mapEach("spec.httpHeaders.actions.request", headers.getActions().getRequest(), ModelMapper::headerAction),
                mapEach("spec.httpHeaders.actions.response", headers.getActions().getResponse(), ModelMapper::headerAction));
    }

    private static HeaderAction headerAction(io.fabric8.openshift.api.model.RouteHTTPHeader header) {
        var action = header.getAction();
        String value = action == null || action.getSet() == null ? null : action.getSet().getValue();
        return new HeaderAction(header.getName(), action == null ? null : action.getType(), value);
    }

    private static TlsConfig tls(io.fabric8.openshift.api.model.TLSConfig tls) {
        return new TlsConfig(tls.getTermination(), tls.getCertificate(), tls.getKey(), tls.getCaCertificate(),
                tls.getDestinationCACertificate(), tls.getInsecureEdgeTerminationPolicy());
    }

    private static Instant timestamp(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("metadata.creationTimestamp is not an RFC 3339 time: " + value, e);
        }
    }

    /** An absent map is empty; a null value (YAML "key:" with nothing after it) is a mistake worth naming. */
    private static Map<String, String> stringMap(String field, Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((k, v) -> required(field + "[" + k + "]", v));
        return map;
    }
}
