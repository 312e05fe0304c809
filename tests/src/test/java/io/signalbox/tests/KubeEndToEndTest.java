package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.openshift.api.model.RouteIngress;
import io.fabric8.openshift.api.model.RouteIngressCondition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router against a Kubernetes API (fabric8's mock server in CRUD mode) with a real HAProxy: SPEC §10 cases 1-4,
 * 7, 14, 18 and 19, with route status read back through the API, and the API going away.
 */
class KubeEndToEndTest {
    @TempDir
    Path root;
    private MockApi api;
    private TestBackend blue;
    private TestBackend green;
    private RouterHarness router;

    @BeforeEach
    void start() throws Exception {
        api = new MockApi().start();
        blue = new TestBackend("blue");
        green = new TestBackend("green");
        router = new RouterHarness(root).cluster(api.url())
                .env("ROUTER_CANONICAL_HOSTNAME", "router-default.apps.example.com")
                .env("ROUTER_SERVICE_NAMESPACE", "ingress")
                .env("SIGNALBOX_API_STARTUP_TIMEOUT", "1s");
    }

    @AfterEach
    void stop() {
        router.close();
        api.close();
        blue.close();
        green.close();
    }

    private void backends(String... namespaces) {
        for (String ns : namespaces) {
            api.create(Manifests.slice(ns, "blue", "blue-1", blue.port(), "127.0.0.1"),
                    Manifests.slice(ns, "green", "green-1", green.port(), "127.0.0.1"));
        }
    }

    @Test
    void case1AdmittedRouteIsServedAndItsStatusWrittenOnceToTheApi() throws Exception {
        backends("shop");
        api.create(Manifests.route("shop", "r1", "www.example.com", "", "blue"));
        router.start();

        assertThat(router.await("www.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");
        RouteIngressCondition admitted = api.awaitAdmitted("shop", "r1", "True").orElseThrow();
        assertThat(admitted.getReason()).isNull();
        assertThat(admitted.getLastTransitionTime()).isNotEmpty();
        RouteIngress entry = api.ingress("shop", "r1").orElseThrow();
        assertThat(entry.getHost()).isEqualTo("www.example.com");
        assertThat(entry.getWildcardPolicy()).isEqualTo("None");
        assertThat(entry.getRouterCanonicalHostname()).isEqualTo("router-default.apps.example.com");

        // A change that does not touch the status (a new label) makes no status write.
        int writes = api.statusWrites();
        api.openshift().routes().inNamespace("shop").withName("r1")
                .edit(r -> { r.getMetadata().setLabels(Map.of("team", "web")); return r; });
        Thread.sleep(1000); // informer events arrive within about 0.1 s; this leaves time to be handled
        assertThat(api.statusWrites()).isEqualTo(writes);
    }

    @Test
    void cases2And3OlderRouteKeepsTheHostInItsNamespaceAndAcrossNamespaces() throws Exception {
        backends("ns1", "ns2");
        router.start();
        api.createInOrder(Manifests.route("ns1", "a", "www.example.com", "", "blue"),
                Manifests.route("ns1", "b", "www.example.com", "", "green"),
                Manifests.route("ns2", "b", "www.example.com", "", "green"));

        assertThat(api.awaitAdmitted("ns1", "a", "True")).isPresent();
        RouteIngressCondition sameNamespace = api.awaitAdmitted("ns1", "b", "False").orElseThrow();
        assertThat(sameNamespace.getReason()).isEqualTo("HostAlreadyClaimed");
        assertThat(sameNamespace.getMessage()).isEqualTo("route a already exposes www.example.com and is older");
        RouteIngressCondition otherNamespace = api.awaitAdmitted("ns2", "b", "False").orElseThrow();
        assertThat(otherNamespace.getReason()).isEqualTo("HostAlreadyClaimed");
        assertThat(otherNamespace.getMessage())
                .isEqualTo("a route in another namespace holds www.example.com and is older than b");
        assertThat(router.await("www.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");
    }

    @Test
    void case4DeletingARoutePromotesTheNextOldestForItsPath() throws Exception {
        backends("shop");
        router.start();
        api.createInOrder(Manifests.route("shop", "a", "example.com", "", "blue"),
                Manifests.route("shop", "b", "example.com", "/foo", "blue"),
                Manifests.route("shop", "c", "example.com", "/foo", "green"),
                Manifests.route("shop", "d", "example.com", "/foo", "green"),
                Manifests.route("shop", "e", "example.com", "/bar", "blue"));
        for (String name : new String[] {"a", "b", "e"}) {
            assertThat(api.awaitAdmitted("shop", name, "True")).as(name).isPresent();
        }
        assertThat(api.awaitAdmitted("shop", "c", "False")).isPresent();
        assertThat(api.awaitAdmitted("shop", "d", "False")).isPresent();

        api.openshift().routes().inNamespace("shop").withName("b").delete();
        assertThat(api.awaitAdmitted("shop", "c", "True")).isPresent();
        assertThat(router.await("example.com", "/foo", r -> r.backend().equals("green")).backend()).isEqualTo("green");
        assertThat(api.admitted("shop", "d").orElseThrow().getStatus()).isEqualTo("False");

        api.openshift().routes().inNamespace("shop").withName("c").delete();
        assertThat(api.awaitAdmitted("shop", "d", "True")).isPresent();
    }

    @Test
    void case7AnotherNamespaceCannotSplitAHostByPath() throws Exception {
        backends("ns1", "ns2");
        router.start();
        api.createInOrder(Manifests.route("ns1", "a", "h.example.com", "", "blue"),
                Manifests.route("ns2", "b", "h.example.com", "/b", "green"));

        assertThat(api.awaitAdmitted("ns2", "b", "False").orElseThrow().getReason()).isEqualTo("HostAlreadyClaimed");
        assertThat(router.await("h.example.com", "/b", r -> r.status() == 200).backend()).isEqualTo("blue");
    }

    @Test
    void case14AnOlderRouteArrivingLaterTakesTheWildcardDomain() throws Exception {
        backends("owner", "notowner", "bouncer");
        // The bouncer is the oldest route but joins the shard last, as when its label is added.
        api.createInOrder(Manifests.route("bouncer", "bouncer", "api.namespace.test", "", "green"),
                sharded(wildcard(Manifests.route("owner", "wild", "owner.namespace.test", "", "blue"))),
                sharded(Manifests.route("notowner", "www", "www.namespace.test", "", "green")),
                sharded(Manifests.route("owner", "api", "api.namespace.test", "", "blue")));
        router.env("ROUTER_ALLOW_WILDCARD_ROUTES", "true").env("ROUTE_LABELS", "type=sharded").start();

        assertThat(api.awaitAdmitted("owner", "wild", "True")).isPresent();
        assertThat(api.ingress("owner", "wild").orElseThrow().getWildcardPolicy()).isEqualTo("Subdomain");
        assertThat(api.awaitAdmitted("notowner", "www", "False").orElseThrow().getReason())
                .isEqualTo("HostAlreadyClaimed");
        assertThat(api.awaitAdmitted("owner", "api", "True")).isPresent();
        assertThat(router.await("anything.namespace.test", "/", r -> r.status() == 200).backend()).isEqualTo("blue");

        label("bouncer", "bouncer", "sharded");
        assertThat(api.awaitAdmitted("owner", "wild", "False").orElseThrow().getReason())
                .isEqualTo("HostAlreadyClaimed");
        assertThat(router.await("api.namespace.test", "/", r -> r.backend().equals("green")).backend())
                .isEqualTo("green");
    }

    @Test
    void case18RouteLabelsSelectWhichRoutesTheRouterServes() throws Exception {
        backends("shop");
        api.create(Manifests.route("shop", "web", "web.example.com", "", "blue"));
        router.env("ROUTE_LABELS", "type=sharded").start();
        assertThat(router.get("web.example.com", "/").status()).isEqualTo(503);
        assertThat(api.ingress("shop", "web")).isEmpty();

        label("shop", "web", "sharded");
        assertThat(api.awaitAdmitted("shop", "web", "True")).isPresent();
        assertThat(router.await("web.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");

        label("shop", "web", "other");
        assertThat(router.await("web.example.com", "/", r -> r.status() == 503).status()).isEqualTo(503);
        assertThat(api.admitted("shop", "web")).as("the router does not clean its entry").isPresent();
    }

    @Test
    void case19NamespaceLabelsSelectWhoseRoutesTheRouterServes() throws Exception {
        api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                .build()).create();
        backends("shop");
        api.create(Manifests.route("shop", "web", "web.example.com", "", "blue"));
        router.env("NAMESPACE_LABELS", "shard=a").start();
        assertThat(router.get("web.example.com", "/").status()).isEqualTo(503);
        assertThat(api.ingress("shop", "web")).isEmpty();

        namespaceLabel("shop", "a");
        assertThat(api.awaitAdmitted("shop", "web", "True")).isPresent();
        assertThat(router.await("web.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");

        namespaceLabel("shop", "b");
        assertThat(router.await("web.example.com", "/", r -> r.status() == 503).status()).isEqualTo(503);
    }

    @Test
    void whileTheApiIsAwayRoutesKeepServingThenFollowItAgain() throws Exception {
        backends("shop");
        api.create(Manifests.route("shop", "web", "web.example.com", "", "blue"));
        router.start();
        assertThat(router.await("web.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");

        assertThat(router.stats("/healthz/ready")).contains("[+]api-connection ok: connected");
        api.stop();
        Thread.sleep(500);
        assertThat(router.get("web.example.com", "/").backend()).isEqualTo("blue");
        // Still ready (it serves what it last knew), but the outage shows in readiness detail and metrics.
        String ready = router.await(() -> router.stats("/healthz/ready"), r -> r.contains("api-connection ok: disconnected"));
        assertThat(ready).contains("[+]api-connection ok: disconnected since").contains("healthz check passed");
        assertThat(router.stats("/metrics")).contains("signalbox_api_up 0.0");

        api.start();
        api.create(Manifests.route("shop", "new", "new.example.com", "", "green"));
        assertThat(router.await("new.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("green");
        assertThat(router.get("web.example.com", "/").backend()).isEqualTo("blue");
        assertThat(api.awaitAdmitted("shop", "new", "True")).isPresent();
    }

    @Test
    void aRestartWhileTheApiIsDownServesThePersistedStateUntilTheApiAnswers() throws Exception {
        backends("shop");
        api.create(Manifests.route("shop", "web", "web.example.com", "", "blue"));
        router.start();
        assertThat(router.await("web.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");
        Path state = router.workDir.resolve("cluster-state.json");
        for (int i = 0; i < 100 && !Files.exists(state); i++) {
            Thread.sleep(50);
        }
        router.close();
        api.stop();

        router.start(); // returns once the persisted state is applied, after SIGNALBOX_API_STARTUP_TIMEOUT
        assertThat(router.get("web.example.com", "/").backend()).isEqualTo("blue");

        api.start();
        api.openshift().routes().inNamespace("shop").withName("web").delete();
        api.create(Manifests.route("shop", "new", "new.example.com", "", "green"));
        assertThat(router.await("new.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("green");
        assertThat(router.await("web.example.com", "/", r -> r.status() == 503).status()).isEqualTo(503);
    }

    private static String sharded(String route) {
        return route.replaceFirst("metadata:\n", "metadata:\n  labels:\n    type: sharded\n");
    }

    private static String wildcard(String route) {
        return route.replace("wildcardPolicy: None", "wildcardPolicy: Subdomain");
    }

    private void label(String ns, String name, String type) {
        api.openshift().routes().inNamespace(ns).withName(name)
                .edit(r -> { r.getMetadata().setLabels(Map.of("type", type)); return r; });
    }

    private void namespaceLabel(String name, String shard) {
        api.client().namespaces().withName(name)
                .edit(n -> { n.getMetadata().setLabels(Map.of("shard", shard)); return n; });
    }
}
