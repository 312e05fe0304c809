package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import io.signalbox.router.config.EnvReader;
import io.signalbox.router.model.ObjectRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubeRouteSourceTest {
    KubernetesClient client;
    @TempDir
    Path work;
    private final BlockingQueue<List<SourceEvent>> batches = new LinkedBlockingQueue<>();

    @Test
    void firstBatchHoldsEndpointsThenRoutesAndEndsWithSyncedThenChangesFollowOneByOne() throws Exception {
        slice("web-a", "10.0.0.2");
        slice("web-b", "10.0.0.1");
        route("www", "www.example.com");
        try (KubeRouteSource source = new KubeRouteSource(client, settings(), work)) {
            assertThat(source.hasSynced()).isFalse();
            source.start(batches::add);

            List<SourceEvent> first = next();
            assertThat(first).last().isInstanceOf(SourceEvent.Synced.class);
            assertThat(first).filteredOn(SourceEvent.EndpointsUpserted.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((SourceEvent.EndpointsUpserted) e).endpoints().subsets())
                            .as("one subset per slice, sorted by slice name").hasSize(2));
            assertThat(first.indexOf(first.stream().filter(SourceEvent.RouteUpserted.class::isInstance)
                    .findFirst().orElseThrow()))
                    .isGreaterThan(first.indexOf(first.stream().filter(SourceEvent.EndpointsUpserted.class::isInstance)
                            .findFirst().orElseThrow()));
            assertThat(source.hasSynced()).isTrue();

            long created = System.nanoTime();
            route("api", "api.example.com");
            assertThat(next()).singleElement().isInstanceOf(SourceEvent.RouteUpserted.class);
            System.out.printf("informer event latency: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created));

            // A status-only update changes nothing the router serves: no event.
            client.adapt(OpenShiftClient.class).routes().inNamespace("shop").withName("api")
                    .editStatus(r -> { r.getStatus().setIngress(List.of()); return r; });
            client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-a").delete();
            client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-b").delete();
            assertThat(next()).singleElement().isInstanceOf(SourceEvent.EndpointsUpserted.class);
            assertThat(next()).as("an empty aggregate is a deletion")
                    .containsExactly(new SourceEvent.EndpointsDeleted(new ObjectRef("shop", "web")));
        }
    }

    private KubeSettings settings() {
        return KubeSettings.fromEnv(new EnvReader(Map.of("KUBERNETES_MASTER", client.getMasterUrl().toString())))
                .orElseThrow();
    }

    private List<SourceEvent> next() throws InterruptedException {
        List<SourceEvent> batch = batches.poll(15, TimeUnit.SECONDS);
        assertThat(batch).as("a batch within 15 s").isNotNull();
        return batch;
    }

    private void route(String name, String host) {
        client.adapt(OpenShiftClient.class).routes().inNamespace("shop").resource(new RouteBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withHost(host).withWildcardPolicy("None")
                .withNewTo().withKind("Service").withName("web").endTo().endSpec()
                .withNewStatus().endStatus().build()).create();
    }

    private void slice(String name, String ip) {
        client.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(name).addToLabels(EndpointSliceAggregator.SERVICE_NAME_LABEL, "web")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(ip).endEndpoint()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .build()).create();
    }
}
