package io.signalbox.router.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Route (route.openshift.io/v1) as the router uses it. Built once from the manifest or the API object;
 * nothing downstream sees raw YAML.
 *
 * @param uid               metadata.uid, or null when the manifest has none
 * @param creationTimestamp metadata.creationTimestamp, or null when the manifest has none
 * @param host              spec.host ("" when absent)
 * @param subdomain         spec.subdomain ("" when absent)
 * @param path              spec.path ("" when absent)
 * @param wildcardPolicy    spec.wildcardPolicy as written ("" when absent)
 * @param targetPort        spec.port.targetPort in string form, or null when spec.port is absent
 * @param tls               spec.tls, or null when absent
 * @param httpHeaders       spec.httpHeaders.actions (empty when absent)
 */
public record Route(
        ObjectRef ref,
        String uid,
        Instant creationTimestamp,
        String resourceVersion,
        Map<String, String> labels,
        Map<String, String> annotations,
        String host,
        String subdomain,
        String path,
        String wildcardPolicy,
        RouteTarget to,
        List<RouteTarget> alternateBackends,
        String targetPort,
        TlsConfig tls,
        HeaderActions httpHeaders) {

    public Route {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        alternateBackends = List.copyOf(alternateBackends);
        host = host == null ? "" : host;
        subdomain = subdomain == null ? "" : subdomain;
        path = path == null ? "" : path;
        wildcardPolicy = wildcardPolicy == null ? "" : wildcardPolicy;
        httpHeaders = httpHeaders == null ? HeaderActions.NONE : httpHeaders;
    }

    /** A route without header actions. */
    public Route(ObjectRef ref, String uid, Instant creationTimestamp, String resourceVersion, Map<String, String> labels,
                 Map<String, String> annotations, String host, String subdomain, String path, String wildcardPolicy,
                 RouteTarget to, List<RouteTarget> alternateBackends, String targetPort, TlsConfig tls) {
        this(ref, uid, creationTimestamp, resourceVersion, labels, annotations, host, subdomain, path, wildcardPolicy, to,
                alternateBackends, targetPort, tls, HeaderActions.NONE);
    }

    public String namespace() {
        return ref.namespace();
    }

    public String name() {
        return ref.name();
    }

    /** The same route with another host; admission rewrites hosts (ROUTER_SUBDOMAIN, spec.subdomain). */
    public Route withHost(String newHost) {
        return new Route(ref, uid, creationTimestamp, resourceVersion, labels, annotations, newHost, subdomain, path,
                wildcardPolicy, to, alternateBackends, targetPort, tls, httpHeaders);
    }

    public boolean isWildcard() {
        return "Subdomain".equals(wildcardPolicy);
    }

    public String termination() {
        return tls == null || tls.termination() == null ? "" : tls.termination();
    }
}
