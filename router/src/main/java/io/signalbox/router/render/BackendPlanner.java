package io.signalbox.router.render;

import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.render.annotations.OnceLog;
import io.signalbox.router.render.annotations.RouteOptions;
import io.signalbox.router.render.annotations.RouteOptionsParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an admitted route and the endpoints of its services into a backend: which servers, with which weights and
 * whether they are health-checked (SPEC §4.5). Traffic goes straight to the endpoint addresses. Not thread-safe.
 */
public final class BackendPlanner {
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Set<String> ALGORITHMS = Set.of("roundrobin", "leastconn", "source", "random");

    private final RenderSettings settings;
    private final RestrictedAddresses restricted;
    private final RouteOptionsParser options;
    /**
     * The usable endpoints of a service for a targetPort, for the (immutable) endpoints map of the snapshot being
     * rendered: thousands of routes may share a service, and parsing its addresses once is enough.
     */
    private final Map<ServiceEndpoints, Map<String, List<Endpoint>>> usable = new IdentityHashMap<>();
    private Map<ObjectRef, ServiceEndpoints> usableFor;
    /** Each route's backend from the last render: a route whose inputs are unchanged plans the same. */
    private final RenderCache<ObjectRef, Plan> plans = new RenderCache<>();

    /** A backend and what it was planned from: the route, the endpoints of its services, its CA file. */
    private record Plan(Route route, List<ServiceEndpoints> services, String destinationCaFile, BackendModel backend) {
        /** The very objects planned from last time: nothing changed. */
        boolean sameObjects(Route r, List<ServiceEndpoints> s, String caFile) {
            return route == r && Objects.equals(destinationCaFile, caFile) && sameEach(services, s, false);
        }

        /** Equal inputs in new objects, as when their manifest was read again. */
        boolean equalInputs(Route r, List<ServiceEndpoints> s, String caFile) {
            return route.equals(r) && Objects.equals(destinationCaFile, caFile) && sameEach(services, s, true);
        }

        private static boolean sameEach(List<ServiceEndpoints> a, List<ServiceEndpoints> b, boolean orEqual) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i) && !(orEqual && Objects.equals(a.get(i), b.get(i)))) {
                    return false;
                }
            }
            return true;
        }
    }

    public BackendPlanner(RenderSettings settings) {
        this.settings = settings;
        this.restricted = new RestrictedAddresses(settings.allowLoopbackEndpoints());
        this.options = new RouteOptionsParser(settings.tuning().forwardedHeaders(),
                !settings.tuning().h1CaseAdjust().isEmpty(), new OnceLog());
    }

    /** The file (in the config folder) that holds a route's allowlist when it is too long for one config line. */
    public static String allowlistFile(Route route) {
        return "allowlist_" + route.ref().colonForm() + ".txt";
    }

    /**
     * @param destinationCaFile the file of the route's destinationCACertificate (reencrypt), or null
     */
    public BackendModel plan(Route route, Map<ObjectRef, ServiceEndpoints> endpoints, String destinationCaFile) {
        List<RouteTarget> targets = new ArrayList<>(1 + route.alternateBackends().size());
        targets.add(route.to());
        targets.addAll(route.alternateBackends());
        List<ServiceEndpoints> services = new ArrayList<>(targets.size());
        for (RouteTarget target : targets) {
            services.add(endpoints.get(new ObjectRef(route.namespace(), target.name())));
        }
        Plan known = plans.get(route.ref());
        if (known != null && known.sameObjects(route, services, destinationCaFile)) {
            return known.backend();
        }
        if (known != null && known.equalInputs(route, services, destinationCaFile)) {
            // Remember the new objects, so that the next render finds them the same at once.
            plans.put(route.ref(), new Plan(route, services, destinationCaFile, known.backend()));
            return known.backend();
        }
        if (endpoints != usableFor) {
            usable.clear();
            usableFor = endpoints;
        }
        BackendModel backend = planAfresh(route, targets, services, destinationCaFile);
        plans.put(route.ref(), new Plan(route, services, destinationCaFile, backend));
        return backend;
    }

    /** A render ended: plans it did not use go. */
    void renderDone() {
        plans.renderDone();
    }

    /** @param services the endpoints of each target service, in targets' order (null when a service has none) */
    private BackendModel planAfresh(Route route, List<RouteTarget> targets, List<ServiceEndpoints> services,
                                    String destinationCaFile) {
        boolean tcp = RouteTls.passthrough(route);
        boolean secureCookie = RouteTls.terminated(route) && !RouteTls.insecurePolicy(route).equals("Allow");
        RouteOptions opts = options.parse(route, !tcp, RouteTls.terminated(route), secureCookie);
        List<List<Endpoint>> perService = new ArrayList<>();
        List<ServiceWeights.Input> inputs = new ArrayList<>();
        int activeServices = 0;
        for (int t = 0; t < targets.size(); t++) {
            ServiceEndpoints eps = services.get(t);
            List<Endpoint> found = eps == null ? List.of() : usable.computeIfAbsent(eps, e -> new HashMap<>())
                    .computeIfAbsent(route.targetPort(), port -> usableEndpoints(eps, port));
            int weight = ServiceWeights.clamp(targets.get(t).weight());
            perService.add(found);
            inputs.add(new ServiceWeights.Input(weight, found.size()));
            if (weight > 0) {
                activeServices++;
            }
        }
        int[] weights = ServiceWeights.perServer(inputs);

        int activeEndpoints = 0;
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).weight() > 0) {
                activeEndpoints += perService.get(i).size();
            }
        }
        // OpenShift never health-checks a lone endpoint: a failed check would only turn a slow answer into a 503.
        String check = activeEndpoints > 1
                ? Objects.requireNonNullElse(opts.healthCheckInterval(), settings.backendCheckInterval()) : null;

        Map<String, ServerLine> servers = new LinkedHashMap<>();
        for (int i = 0; i < perService.size(); i++) {
            // Weight-0 servers stay in HTTP backends for cookie stickiness; passthrough has no cookies.
            if (tcp && weights[i] == 0) {
                continue;
            }
            for (Endpoint ep : perService.get(i)) {
                servers.putIfAbsent(ep.id(), new ServerLine(ep.id(), ep.address(), weights[i], ep.cookie(), check));
            }
        }
        String balance = opts.balance() != null ? opts.balance()
                : activeServices > 1 ? "roundrobin"
                : tcp ? settings.tuning().tcpBalanceScheme() : settings.loadBalanceAlgorithm();
        String cookieName = opts.cookieName() != null ? opts.cookieName() : cookieName(route.ref());
        String allowlistFile = opts.allowlist() != null && !opts.allowlist().inline() ? allowlistFile(route) : null;
        return new BackendModel(backendName(route), tcp ? "tcp" : "http", route.namespace(), route.name(),
                route.host(), route.path(), balance, cookieName, secureCookie,
                serverTls(route, destinationCaFile), List.copyOf(servers.values()), printableAnnotations(route),
                opts, allowlistFile);
    }

    /** OpenShift's GenerateBackendNamePrefix: the termination decides the prefix. */
    public static String backendName(Route route) {
        String prefix = switch (route.termination()) {
            case "edge" -> "be_edge_http:";
            case "reencrypt" -> "be_secure:";
            case "passthrough" -> "be_tcp:";
            default -> "be_http:";
        };
        return prefix + route.ref().colonForm();
    }

    private ServerTls serverTls(Route route, String destinationCaFile) {
        if (!RouteTls.reencrypt(route)) {
            return null;
        }
        boolean alpn = !settings.tls().disableHttp2();
        if (destinationCaFile != null) {
            return new ServerTls(alpn, destinationCaFile, null);
        }
        return settings.tls().defaultDestinationCa()
                .map(ca -> new ServerTls(alpn, ca.toString(), route.to().name() + "." + route.namespace() + ".svc"))
                .orElse(new ServerTls(alpn, null, null));
    }

    public static boolean isValidAlgorithm(String algorithm) {
        return ALGORITHMS.contains(algorithm);
    }

    /** Endpoints whose port number or name equals targetPort (every port when unset), TCP only, usable addresses. */
    private List<Endpoint> usableEndpoints(ServiceEndpoints eps, String targetPort) {
        Set<Endpoint> result = new LinkedHashSet<>();
        String service = eps.service().name();
        for (EndpointSubset subset : eps.subsets()) {
            for (EndpointPort port : subset.ports()) {
                if (!"TCP".equals(port.protocol()) || port.port() < 1 || port.port() > 65535
                        || (targetPort != null && !targetPort.equals(port.name())
                            && !targetPort.equals(Integer.toString(port.port())))
                        || !(port.name().isEmpty() || SAFE_NAME.matcher(port.name()).matches())) {
                    continue;
                }
                for (EndpointAddress address : subset.addresses()) {
                    if (!restricted.isUsable(address.ip())) {
                        continue;
                    }
                    String ip = RestrictedAddresses.parseLiteral(address.ip()).orElseThrow().getHostAddress();
                    String pod = address.podName() != null && SAFE_NAME.matcher(address.podName()).matches()
                            ? address.podName() : null;
                    result.add(Endpoint.of(pod, service, port.name(), ip, port.port()));
                }
            }
        }
        return List.copyOf(result);
    }

    /** OpenShift's RoutingKeyName: md5 of " ns:name" (the termination is still empty when it is computed). */
    private String cookieName(ObjectRef ref) {
        return settings.cookieName() != null ? settings.cookieName() : md5(" " + ref.colonForm());
    }

    /** Annotations reach a custom template only when their value fits on one line and holds no quote or backslash. */
    private static Map<String, String> printableAnnotations(Route route) {
        Map<String, String> result = new LinkedHashMap<>();
        route.annotations().forEach((k, v) -> {
            if (v.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '\\')) {
                result.put(k, v);
            }
        });
        return result;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /**
     * @param id      the server name: pod:&lt;pod&gt;:&lt;service&gt;:&lt;port name&gt;:&lt;ip&gt;:&lt;port&gt;, or ept:... without a pod
     * @param address ip:port, [v6]:port
     * @param cookie  the server's static cookie value, md5 of its name
     */
    private record Endpoint(String id, String address, String cookie) {
        static Endpoint of(String pod, String service, String portName, String ip, int port) {
            String tail = service + ":" + portName + ":" + ip + ":" + port;
            String id = pod != null ? "pod:" + pod + ":" + tail : "ept:" + tail;
            return new Endpoint(id, (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port, md5(id));
        }
    }
}
