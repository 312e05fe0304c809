package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.model.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendPlannerTest {
    static final RenderSettings SETTINGS = RenderFixtures.settings();
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
                        new EndpointAddress("10.0.0.1", "pod-a"), new EndpointAddress("fd01::5", null))), null);
        assertThat(backend.name()).isEqualTo("be_http:ns:r");
        assertThat(backend.servers()).extracting(ServerLine::name, ServerLine::address).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pod:pod-a:svc:web:10.0.0.1:8080", "10.0.0.1:8080"),
                org.assertj.core.groups.Tuple.tuple("ept:svc:web:fd01:0:0:0:0:0:0:5:8080", "[fd01:0:0:0:0:0:0:5]:8080"));
        assertThat(backend.servers().get(0).cookie()).isEqualTo(BackendPlanner.md5("pod:pod-a:svc:web:10.0.0.1:8080"));
    }

    @Test
    void aLoneEndpointIsNeverHealthChecked() {
        BackendModel one = planner.plan(route("ns", "r").host("h.example.com").toService("svc").build(),
                Map.of(new ObjectRef("ns", "svc"), endpoints("svc", List.of(WEB), new EndpointAddress("10.0.0.1", null))), null);
        assertThat(one.servers()).allMatch(s -> !s.checked());
        BackendModel two = planner.plan(route("ns", "r").host("h.example.com").toService("svc").build(),
                Map.of(new ObjectRef("ns", "svc"), endpoints("svc", List.of(WEB),
                        new EndpointAddress("10.0.0.1", null), new EndpointAddress("10.0.0.2", null))), null);
        assertThat(two.servers()).allMatch(s -> "5000ms".equals(s.checkInterval()));
    }

    @Test
    void targetPortMatchesTheEndpointPortNameOrNumberButNotTheServicePort() {
        Map<ObjectRef, ServiceEndpoints> eps = Map.of(new ObjectRef("ns", "svc"),
                endpoints("svc", List.of(WEB, ADMIN), new EndpointAddress("10.0.0.1", null)));
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").targetPort("web").build(), eps, null).servers())
                .extracting(ServerLine::address).containsExactly("10.0.0.1:8080");
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").targetPort("9090").build(), eps, null).servers())
                .extracting(ServerLine::address).containsExactly("10.0.0.1:9090");
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").targetPort("80").build(), eps, null).servers())
                .isEmpty();
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").build(), eps, null).servers()).hasSize(2);
    }

    @Test
    void udpPortsRestrictedAddressesAndBadNamesAreLeftOut() {
        Map<ObjectRef, ServiceEndpoints> eps = Map.of(new ObjectRef("ns", "svc"), endpoints("svc",
                List.of(WEB, new EndpointPort("dns", 53, "UDP", null), new EndpointPort("x y", 81, "TCP", null)),
                new EndpointAddress("10.0.0.1", "pod\nbackend evil"), new EndpointAddress("127.0.0.1", null),
                new EndpointAddress("10.0.0.1 weight 0", null)));
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").build(), eps, null).servers())
                .extracting(ServerLine::name).containsExactly("ept:svc:web:10.0.0.1:8080");
    }

    @Test
    void severalWeightedServicesBalanceRoundRobinWithScaledWeights() {
        Map<ObjectRef, ServiceEndpoints> eps = Map.of(
                new ObjectRef("ns", "a"), endpoints("a", List.of(WEB), new EndpointAddress("10.0.0.1", null)),
                new ObjectRef("ns", "b"), endpoints("b", List.of(WEB), new EndpointAddress("10.0.0.2", null)));
        BackendModel backend = planner.plan(route("ns", "r").host("h").to(new RouteTarget("Service", "a", 1))
                .alternates(new RouteTarget("Service", "b", 3)).build(), eps, null);
        assertThat(backend.balance()).isEqualTo("roundrobin");
        assertThat(backend.servers()).extracting(ServerLine::weight).containsExactly(85, 256);
    }

    @Test
    void oneServiceUsesTheConfiguredAlgorithm() {
        assertThat(planner.plan(route("ns", "r").host("h").toService("svc").build(), Map.of(), null).balance())
                .isEqualTo("random");
    }

    @Test
    void theStickyCookieIsNamedByTheHashedRouteKey() {
        // OpenShift: md5(" default:myroute"), documented as ef9ea7fa5fa5642dacc660d614886427.
        assertThat(planner.plan(route("default", "myroute").host("h").toService("svc").build(), Map.of(), null).cookieName())
                .isEqualTo("ef9ea7fa5fa5642dacc660d614886427");
    }

    @Test
    void onlyOneLineAnnotationValuesWithoutQuotesReachTheTemplate() {
        BackendModel backend = planner.plan(route("ns", "r").host("h").toService("svc")
                .annotation("ok", "timeout server 5s").annotation("bad", "x\nbackend evil")
                .annotation("quote", "a\"b").build(), Map.of(), null);
        assertThat(backend.annotations()).containsOnlyKeys("ok");
    }
    private static final Map<ObjectRef, ServiceEndpoints> TWO_SERVICES = Map.of(
            new ObjectRef("ns", "a"), endpoints("a", List.of(WEB), new EndpointAddress("10.0.0.1", null)),
            new ObjectRef("ns", "b"), endpoints("b", List.of(WEB), new EndpointAddress("10.0.0.2", null)));

    private static Route reencrypt(String destinationCa) {
        return route("ns", "r").host("h").toService("a")
                .tls(new TlsConfig("reencrypt", null, null, null, destinationCa, null)).build();
    }

    @Test
    void reencryptServersVerifyAgainstTheRoutesOwnCa() {
        BackendModel backend = planner.plan(reencrypt("CA"), TWO_SERVICES, "/work/certs/ca.pem");
        assertThat(backend.name()).isEqualTo("be_secure:ns:r");
        assertThat(backend.serverTls()).isEqualTo(new ServerTls(true, "/work/certs/ca.pem", null));
        assertThat(backend.secureCookie()).isTrue();
    }

    @Test
    void reencryptWithoutACaUsesTheDefaultDestinationCaAndTheServiceNameOrVerifiesNothing() {
        BackendPlanner withDefault = new BackendPlanner(RenderFixtures.settings(
                RenderFixtures.tls(true, Optional.of(Path.of("/etc/service-ca.crt")))));
        assertThat(withDefault.plan(reencrypt(null), TWO_SERVICES, null).serverTls())
                .isEqualTo(new ServerTls(false, "/etc/service-ca.crt", "a.ns.svc"));
        assertThat(planner.plan(reencrypt(null), TWO_SERVICES, null).serverTls()).isEqualTo(new ServerTls(true, null, null));
    }

    @Test
    void passthroughIsATcpBackendWithoutWeightZeroServers() {
        BackendModel backend = planner.plan(route("ns", "p").host("h").to(new RouteTarget("Service", "a", 1))
                .alternates(new RouteTarget("Service", "b", 0))
                .tls(new TlsConfig("passthrough", null, null, null, null, null)).build(),
                TWO_SERVICES, null);
        assertThat(backend.name()).isEqualTo("be_tcp:ns:p");
        assertThat(backend.mode()).isEqualTo("tcp");
        assertThat(backend.servers()).extracting(ServerLine::address).containsExactly("10.0.0.1:8080");
    }
}
