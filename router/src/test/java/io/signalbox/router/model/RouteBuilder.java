package io.signalbox.router.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test routes: a valid Route with wildcardPolicy None; routes built later are newer unless created() says so. */
public final class RouteBuilder {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final AtomicLong CLOCK = new AtomicLong();

    private final ObjectRef ref;
    private String uid;
    private Instant created = EPOCH.plusSeconds(CLOCK.incrementAndGet());
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> annotations = new HashMap<>();
    private String host = "";
    private String subdomain = "";
    private String path = "";
    private String wildcardPolicy = "None";
    private RouteTarget to = new RouteTarget("Service", "svc", 100);
    private List<RouteTarget> alternates = List.of();
    private String targetPort;
    private TlsConfig tls;

    private RouteBuilder(String namespace, String name) {
        this.ref = new ObjectRef(namespace, name);
        this.uid = namespace + "-" + name;
    }

    public static RouteBuilder route(String namespace, String name) {
        return new RouteBuilder(namespace, name);
    }

    public RouteBuilder host(String value) {
        host = value;
        return this;
    }

    public RouteBuilder subdomain(String value) {
        subdomain = value;
        return this;
    }

    public RouteBuilder path(String value) {
        path = value;
        return this;
    }

    public RouteBuilder wildcardPolicy(String value) {
        wildcardPolicy = value;
        return this;
    }

    public RouteBuilder subdomainWildcard() {
        return wildcardPolicy("Subdomain");
    }

    /** Seconds after the test epoch; lower is older. Negative values are older than any default route. */
    public RouteBuilder createdAt(long seconds) {
        created = EPOCH.plusSeconds(seconds);
        return this;
    }

    public RouteBuilder uid(String value) {
        uid = value;
        return this;
    }

    public RouteBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public RouteBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    public RouteBuilder to(RouteTarget value) {
        to = value;
        return this;
    }

    public RouteBuilder toService(String name) {
        return to(new RouteTarget("Service", name, 100));
    }

    public RouteBuilder alternates(RouteTarget... values) {
        alternates = List.of(values);
        return this;
    }

    public RouteBuilder targetPort(String value) {
        targetPort = value;
        return this;
    }

    public RouteBuilder tls(String termination) {
        tls = new TlsConfig(termination, null, null, null, null, null);
        return this;
    }

    public RouteBuilder tls(TlsConfig value) {
        tls = value;
        return this;
    }

    public Route build() {
        return new Route(ref, uid, created, "1", labels, annotations, host, subdomain, path, wildcardPolicy, to,
                alternates, targetPort, tls);
    }
}
