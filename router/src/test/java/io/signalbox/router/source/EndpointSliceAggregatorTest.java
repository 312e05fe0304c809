package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.ServiceEndpoints;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EndpointSliceAggregatorTest {
    private static final ObjectRef WEB = new ObjectRef("shop", "web");

    private static EndpointSliceBuilder slice(String name, String service) {
        return new EndpointSliceBuilder().withAddressType("IPv4")
                .withNewMetadata().withNamespace("shop").withName(name)
                .withLabels(Map.of(EndpointSliceAggregator.SERVICE_NAME_LABEL, service)).endMetadata()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort();
    }

    private static EndpointSliceBuilder withEndpoint(EndpointSliceBuilder slice, String ip, Boolean ready) {
        return slice.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(ready).endConditions()
                .endEndpoint();
    }

    private static Map<ObjectRef, ServiceEndpoints> aggregate(EndpointSlice... slices) {
        return EndpointSliceAggregator.aggregate(Stream.of(slices)
                .map(s -> EndpointSliceAggregator.slice(s).orElseThrow()).toList());
    }

    private static List<String> ips(ServiceEndpoints endpoints) {
        return endpoints.subsets().stream().flatMap(s -> s.addresses().stream()).map(EndpointAddress::ip).toList();
    }

    @Test
    void notReadyEndpointsAreLeftOutAndReadyAbsentCountsAsReady() {
        var builder = slice("web-a", "web");
        withEndpoint(builder, "10.0.0.1", true);
        withEndpoint(builder, "10.0.0.2", false);
        withEndpoint(builder, "10.0.0.3", null);

        assertThat(ips(aggregate(builder.build()).get(WEB))).containsExactly("10.0.0.1", "10.0.0.3");
    }

    @Test
    void anEndpointWithoutConditionsIsReady() {
        var slice = slice("web-a", "web").addNewEndpoint().withAddresses("10.0.0.1").endEndpoint().build();

        assertThat(ips(aggregate(slice).get(WEB))).containsExactly("10.0.0.1");
    }

    @Test
    void slicesAreGroupedByServiceAndOrderedByName() {
        var b = withEndpoint(slice("web-b", "web"), "10.0.0.2", true).build();
        var a = withEndpoint(slice("web-a", "web"), "10.0.0.1", true).build();
        var other = withEndpoint(slice("api-x", "api"), "10.0.1.1", true).build();

        Map<ObjectRef, ServiceEndpoints> result = aggregate(b, other, a);

        assertThat(result).containsOnlyKeys(WEB, new ObjectRef("shop", "api"));
        assertThat(result.get(WEB).subsets()).hasSize(2);
        assertThat(ips(result.get(WEB))).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void everyAddressOfAnEndpointIsUsedInIpOrderWithItsPod() {
        var slice = slice("web-a", "web").addNewEndpoint().withAddresses("10.0.0.9", "10.0.0.10")
                .withNewTargetRef().withKind("Pod").withName("web-1").endTargetRef().endEndpoint().build();

        assertThat(aggregate(slice).get(WEB).subsets().get(0).addresses()).containsExactly(
                new EndpointAddress("10.0.0.10", "web-1"), new EndpointAddress("10.0.0.9", "web-1"));
    }

    @Test
    void portsAreOrderedByNumberThenProtocolThenName() {
        var slice = withEndpoint(new EndpointSliceBuilder(slice("web-a", "web").build()).withPorts()
                .addNewPort().withName("b").withPort(9000).withProtocol("UDP").endPort()
                .addNewPort().withName("z").withPort(9000).withProtocol("TCP").endPort()
                .addNewPort().withName("a").withPort(9000).withProtocol("TCP").endPort()
                .addNewPort().withName("low").withPort(80).endPort(), "10.0.0.1", true).build();

        assertThat(aggregate(slice).get(WEB).subsets().get(0).ports()).extracting(EndpointPort::name)
                .containsExactly("low", "a", "z", "b");
    }

    @Test
    void fqdnSlicesGiveNoAddresses() {
        var slice = withEndpoint(slice("web-a", "web").withAddressType("FQDN"), "db.example.com", true).build();

        ServiceEndpoints endpoints = aggregate(slice).get(WEB);

        assertThat(endpoints.subsets()).isEmpty();
        assertThat(endpoints.isEmpty()).isTrue();
    }

    @Test
    void aSliceWithoutServiceNameLabelIsIgnored() {
        var slice = slice("web-a", "web").editMetadata().withLabels(Map.of()).endMetadata().build();

        assertThat(EndpointSliceAggregator.slice(slice)).isEmpty();
    }
}
