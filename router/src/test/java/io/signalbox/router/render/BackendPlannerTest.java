package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.model.ServiceEndpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendPlannerTest {
    static final RenderSettings SETTINGS = new RenderSettings(Optional.empty(), "", 80, Path.of("/run/haproxy.sock"),
            Optional.of(50000), Path.of("/work/error-page-503.http"), Optional.empty(), "random", "5000ms", null, false);
    private final BackendPlanner planner = new BackendPlanner(SETTINGS);

    private static ServiceEndpoints endpoints(String service, List<EndpointPort> ports, EndpointAddress... addresses) {
        return new ServiceEndpoints(new ObjectRef("ns", service), List.of(new EndpointSubset(List.of(addresses), ports)));
    }

    private static final EndpointPort WEB = new EndpointPort("web", 8080, "TCP", null);
    private static final EndpointPort ADMIN = new EndpointPort("admin", 9090, "TCP", null);

    @Test
    void serversAreNamedAsOpenShiftNamesEndpointsAndAddressedDirectly() {
        BackendModel backend = planner.plan(route("ns", "r").host("h.example.com").toService("svc").build(),
                Map.of(new ObjectRef("ns", "svc"), endpoints("svc", List.of(WEB),
                        new EndpointAddress("10.0.0.1", "pod-a"), new EndpointAddress("fd01::5", null))));
        assertThat(backend.name()).isEqualTo("be_http:ns:r");
        assertThat(backend.servers()).extracting(ServerLine::name, ServerLine::address).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pod:pod-a:svc:web:10.0.0.1:8080", "10.0.0.1:8080"),
                org.assertj.core.groups.Tuple.tuple("ept:svc:web:fd01:0:0:0:0:0:0:5:8080", "[fd01:0:0:0:0:0:0:5]:8080"));
        assertThat(backend.servers().get(0).cookie()).isEqualTo(BackendPlanner.md5("pod:pod-a:svc:web:10.0.0.1:8080"));
    }

    @Test
    void aLoneEndpointIsNeverHealthChecked() {
        BackendModel one = planner.plan(route("ns", "r").host("h.example.com").toService("svc").build(),
                Map.of(new ObjectRef("ns", "svc"), endpoints("svc", List.of(WEB), new EndpointAddress("10.0.0.1", null))));
        assertThat(one.servers()).allMatch(s -> !s.checked());
        BackendModel two = planner.plan(route("ns", "r").host("h.example.com").toService("svc").build(),
                Map.of(new ObjectRef("ns", "svc"), endpoints("svc", List.of(WEB),
                        new EndpointAddress("10.0.0.1", null), new EndpointAddress("10.0.0.2", null))));
        assertThat(two.servers()).allMatch(s -> "5000ms".equals(s.checkInterval()));
    }

    @Test
    void targetPortMatchesTheEndpointPortNameOrNumberButNotTheServicePort() {
        Map<ObjectRef, ServiceEndpoints> eps = Map.of(new ObjectRef("ns", "svc"),
                endpoints("svc", List.of(WEB, ADMIN), new EndpointAddress("10.0.0.1", null)));
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").targetPort("web").build(), eps).servers())
                .extracting(ServerLine::address).containsExactly("10.0.0.1:8080");
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").targetPort("9090").build(), eps).servers())
                .extracting(ServerLine::address).containsExactly("10.0.0.1:9090");
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").targetPort("80").build(), eps).servers())
                .isEmpty();
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").build(), eps).servers()).hasSize(2);
    }

    @Test
    void udpPortsRestrictedAddressesAndBadNamesAreLeftOut() {
        Map<ObjectRef, ServiceEndpoints> eps = Map.of(new ObjectRef("ns", "svc"), endpoints("svc",
                List.of(WEB, new EndpointPort("dns", 53, "UDP", null), new EndpointPort("x y", 81, "TCP", null)),
                new EndpointAddress("10.0.0.1", "pod\nbackend evil"), new EndpointAddress("127.0.0.1", null),
                new EndpointAddress("10.0.0.1 weight 0", null)));
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").build(), eps).servers())
                .extracting(ServerLine::name).containsExactly("ept:svc:web:10.0.0.1:8080");
    }

    @Test
    void severalWeightedServicesBalanceRoundRobinWithScaledWeights() {
        Map<ObjectRef, ServiceEndpoints> eps = Map.of(
                new ObjectRef("ns", "a"), endpoints("a", List.of(WEB), new EndpointAddress("10.0.0.1", null)),
                new ObjectRef("ns", "b"), endpoints("b", List.of(WEB), new EndpointAddress("10.0.0.2", null)));
        BackendModel backend = planner.plan(route("ns", "r").host("h").to(new RouteTarget("Service", "a", 1))
                .alternates(new RouteTarget("Service", "b", 3)).build(), eps);
        assertThat(backend.balance()).isEqualTo("roundrobin");
        assertThat(backend.servers()).extracting(ServerLine::weight).containsExactly(85, 256);
    }

    @Test
    void oneServiceUsesTheConfiguredAlgorithm() {
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").build(), Map.of()).balance())
                .isEqualTo("random");
    }

    @Test
    void theStickyCookieIsNamedByTheHashedRouteKey() {
        // OpenShift: md5(" default:myroute"), documented as ef9ea7fa5fa5642dacc660d614886427.
        assertThat(planner.plan(route("default", "myroute").host("h").toService("svc").build(), Map.of()).cookieName())
                .isEqualTo("ef9ea7fa5fa5642dacc660d614886427");
    }

    @Test
    void onlyOneLineAnnotationValuesWithoutQuotesReachTheTemplate() {
        BackendModel backend = planner.plan(route("ns", "r").host("h").toService("svc")
                .annotation("ok", "timeout server 5s").annotation("bad", "x\nbackend evil")
                .annotation("quote", "a\"b").build(), Map.of());
        assertThat(backend.annotations()).containsOnlyKeys("ok");
    }
}
