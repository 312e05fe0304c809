package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.HeaderAction;
import io.signalbox.router.model.HeaderActions;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.model.ServicePort;
import io.signalbox.router.model.TlsConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMapperTest {

    @Test
    void routeHeaderActionsAreKeptInOrder() {
        Route route = ModelMapper.route(route().withNewSpec().withHost("h").withNewHttpHeaders().withNewActions()
                .addNewRequest().withName("X-Set").withNewAction().withType("Set").withNewSet().withValue("v").endSet()
                .endAction().endRequest()
                .addNewRequest().withName("X-Gone").withNewAction().withType("Delete").endAction().endRequest()
                .addNewResponse().withName("X-Out").withNewAction().withType("Set").withNewSet().withValue("o").endSet()
                .endAction().endResponse()
                .endActions().endHttpHeaders().endSpec().build());
        assertThat(route.httpHeaders()).isEqualTo(new HeaderActions(
                java.util.List.of(new HeaderAction("X-Set", "Set", "v"), new HeaderAction("X-Gone", "Delete", null)),
                java.util.List.of(new HeaderAction("X-Out", "Set", "o"))));
        assertThat(ModelMapper.route(route().withNewSpec().withHost("h").endSpec().build()).httpHeaders())
                .isEqualTo(HeaderActions.NONE);
    }

    private static RouteBuilder route() {
        return new RouteBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata();
    }

    @Test
    void routeKeepsEveryFieldTheRouterUses() {
        Route route = ModelMapper.route(route()
                .editMetadata().withUid("u-1").withCreationTimestamp("2024-01-02T03:04:05Z")
                .withResourceVersion("7").withLabels(Map.of("shard", "a"))
                .withAnnotations(Map.of("haproxy.router.openshift.io/timeout", "5s")).endMetadata()
                .withNewSpec().withHost("shop.example.com").withPath("/cart").withWildcardPolicy("None")
                .withNewTo().withKind("Service").withName("web").withWeight(3).endTo()
                .addNewAlternateBackend().withKind("Service").withName("web-b").endAlternateBackend()
                .withNewPort().withTargetPort(new IntOrString(8080)).endPort()
                .withNewTls().withTermination("edge").withInsecureEdgeTerminationPolicy("Redirect").endTls()
                .endSpec().build());

        assertThat(route.ref()).isEqualTo(new ObjectRef("shop", "web"));
        assertThat(route.uid()).isEqualTo("u-1");
        assertThat(route.creationTimestamp()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(route.resourceVersion()).isEqualTo("7");
        assertThat(route.labels()).containsEntry("shard", "a");
        assertThat(route.annotations()).containsKey("haproxy.router.openshift.io/timeout");
        assertThat(route.host()).isEqualTo("shop.example.com");
        assertThat(route.path()).isEqualTo("/cart");
        assertThat(route.to()).isEqualTo(new RouteTarget("Service", "web", 3));
        assertThat(route.alternateBackends()).containsExactly(new RouteTarget("Service", "web-b", null));
        assertThat(route.targetPort()).isEqualTo("8080");
        assertThat(route.tls()).isEqualTo(new TlsConfig("edge", null, null, null, null, "Redirect"));
    }

    @Test
    void namedTargetPortKeepsItsName() {
        Route route = ModelMapper.route(route().withNewSpec().withNewPort().withTargetPort(new IntOrString("https"))
                .endPort().endSpec().build());

        assertThat(route.targetPort()).isEqualTo("https");
    }

    @Test
    void absentFieldsBecomeEmptyOrNull() {
        Route route = ModelMapper.route(route().build());

        assertThat(route.labels()).isEmpty();
        assertThat(route.annotations()).isEmpty();
        assertThat(route.alternateBackends()).isEmpty();
        assertThat(route.host()).isEmpty();
        assertThat(route.uid()).isNull();
        assertThat(route.creationTimestamp()).isNull();
        assertThat(route.to()).isNull();
        assertThat(route.targetPort()).isNull();
        assertThat(route.tls()).isNull();
    }

    @Test
    void aTimestampThatIsNotRfc3339IsRefused() {
        assertThatThrownBy(() -> ModelMapper.route(route().editMetadata().withCreationTimestamp("yesterday")
                .endMetadata().build()))
                .hasMessageContaining("metadata.creationTimestamp");
    }

    @Test
    void serviceMapsPortsWithTargetPortInStringForm() {
        var service = ModelMapper.service(new ServiceBuilder()
                .withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withClusterIP("172.30.0.1")
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .addNewPort().withPort(443).endPort()
                .endSpec().build());

        assertThat(service.clusterIP()).isEqualTo("172.30.0.1");
        assertThat(service.ports()).containsExactly(
                new ServicePort("http", 80, "8080", "TCP"),
                new ServicePort("", 443, "", "TCP"));
    }

    @Test
    void aServicePortWithoutNumberIsNamedInTheError() {
        assertThatThrownBy(() -> ModelMapper.service(new ServiceBuilder()
                .withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().addNewPort().withName("x").endPort().endSpec()
                .build()))
                .hasMessage("spec.ports[1].port is missing");
    }

    @Test
    void endpointsKeepOnlyReadyAddressesAndPodNames() {
        var endpoints = ModelMapper.endpoints(new EndpointsBuilder()
                .withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .addNewSubset()
                .addNewAddress().withIp("10.0.0.1").withNewTargetRef().withKind("Pod").withName("web-1")
                .endTargetRef().endAddress()
                .addNewAddress().withIp("10.0.0.2").withNewTargetRef().withKind("Node").withName("n1")
                .endTargetRef().endAddress()
                .addNewNotReadyAddress().withIp("10.0.0.3").endNotReadyAddress()
                .addNewPort().withName("http").withPort(8080).endPort()
                .endSubset().build());

        assertThat(endpoints.service()).isEqualTo(new ObjectRef("shop", "web"));
        assertThat(endpoints.subsets()).singleElement().satisfies(subset -> {
            assertThat(subset.addresses()).containsExactly(
                    new EndpointAddress("10.0.0.1", "web-1"), new EndpointAddress("10.0.0.2", null));
            assertThat(subset.ports()).containsExactly(new EndpointPort("http", 8080, "TCP", null));
        });
    }

    @Test
    void namespaceKeepsNameAndLabels() {
        var namespace = ModelMapper.namespace(new NamespaceBuilder().withNewMetadata().withName("shop")
                .withLabels(Map.of("team", "blue")).endMetadata().build());

        assertThat(namespace.name()).isEqualTo("shop");
        assertThat(namespace.labels()).containsExactly(Map.entry("team", "blue"));
    }
}
