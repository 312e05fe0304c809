package io.signalbox.tests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteIngress;
import io.fabric8.openshift.api.model.RouteIngressCondition;
import io.fabric8.openshift.client.OpenShiftClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode on a fixed loopback port, which can go away and come back with its objects
 * kept (the same dispatcher serves both runs), as an API server would across an outage.
 */
final class MockApi implements AutoCloseable {
    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private final KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses);
    private final int port;
    private final KubernetesClient client;
    private KubernetesMockServer server;
    private int statusWrites;

    MockApi() throws IOException {
        this.port = RouterHarness.freePort();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    MockApi start() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return this;
    }

    void stop() {
        server.destroy();
    }

    /** Creates the objects of one or more YAML documents, each in its own namespace. */
    void create(String... manifests) {
        for (String manifest : manifests) {
            client.resource(manifest).create();
        }
    }

    /** Creates them in age order: the API's creationTimestamp has whole seconds, so each waits for a new second. */
    void createInOrder(String... routes) throws InterruptedException {
        for (String route : routes) {
            long second = System.currentTimeMillis() / 1000;
            while (System.currentTimeMillis() / 1000 == second) {
                Thread.sleep(10);
            }
            create(route);
        }
    }

    OpenShiftClient openshift() {
        return client.adapt(OpenShiftClient.class);
    }

    KubernetesClient client() {
        return client;
    }

    void delete(HasMetadata object) {
        client.resource(object).delete();
    }

    Optional<Route> route(String ns, String name) {
        return Optional.ofNullable(openshift().routes().inNamespace(ns).withName(name).get());
    }

    /** The Admitted condition of router "default"'s status.ingress element, read through the API. */
    Optional<RouteIngressCondition> admitted(String ns, String name) {
        return ingress(ns, name).flatMap(e -> e.getConditions().stream()
                .filter(c -> "Admitted".equals(c.getType())).findFirst());
    }

    Optional<RouteIngress> ingress(String ns, String name) {
        return route(ns, name).map(r -> r.getStatus() == null ? List.<RouteIngress>of() : r.getStatus().getIngress())
                .flatMap(list -> list.stream().filter(e -> "default".equals(e.getRouterName())).findFirst());
    }

    /** Polls the API until the route's Admitted condition has this status; the last condition seen otherwise. */
    Optional<RouteIngressCondition> awaitAdmitted(String ns, String name, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Optional<RouteIngressCondition> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = admitted(ns, name);
            if (last.map(c -> status.equals(c.getStatus())).orElse(false)) {
                return last;
            }
            Thread.sleep(50);
        }
        return last;
    }

    /** How many times the status subresource of a route was written since the API started. */
    int statusWrites() throws InterruptedException {
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
            if ("PUT".equals(r.getMethod()) && r.getPath().matches(".*/routes/[^/]+/status")) {
                statusWrites++;
            }
        }
        return statusWrites;
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.destroy();
        }
    }
}
