package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §10 cases 5, 6, 21, 22, 34, 35 and 36 through the running router, real HAProxy and real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRoutingTest {
    private RouterHarness router;
    private final Map<String, TestBackend> backends = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        for (String name : new String[] {"a", "b", "c", "web", "admin", "w1", "w3", "ready", "notready"}) {
            backends.put(name, new TestBackend(name));
        }
        router = new RouterHarness(root).start();
        router.write("services.yaml",
                Manifests.slice("shop", "svc-a", "svc-a-1", port("a"), "127.0.0.1"),
                Manifests.slice("shop", "svc-b", "svc-b-1", port("b"), "127.0.0.1"),
                Manifests.slice("shop", "svc-c", "svc-c-1", port("c"), "127.0.0.1"),
                Manifests.slice("shop", "weight-1", "weight-1-1", port("w1"), "127.0.0.1"),
                Manifests.slice("shop", "weight-3", "weight-3-1", port("w3"), "127.0.0.1"),
                Manifests.slice("shop", "ports", "ports-web", "web", port("web"), true, "127.0.0.1"),
                Manifests.slice("shop", "ports", "ports-admin", "admin", port("admin"), true, "127.0.0.1"),
                Manifests.slice("shop", "restricted", "restricted-1", 8080, "168.63.129.16", "169.254.1.1", "224.0.0.1"));
    }

    private int port(String backend) {
        return backends.get(backend).port();
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
        backends.values().forEach(TestBackend::close);
    }

    @Test
    void pathsRouteOnSegmentBoundariesLongestFirstAndCaseSensitive() throws Exception {
        router.write("case5.yaml",
                Manifests.route("shop", "root", "www.example.com", "", "svc-a"),
                Manifests.route("shop", "foo", "www.example.com", "/foo", "svc-b"));
        assertThat(router.await("www.example.com", "/foo", r -> r.backend().equals("b")).backend()).isEqualTo("b");
        assertThat(router.get("www.example.com", "/").backend()).isEqualTo("a");
        assertThat(router.get("www.example.com", "/foo/x").backend()).isEqualTo("b");
        assertThat(router.get("www.example.com", "/foobar").backend()).isEqualTo("a");
        assertThat(router.get("www.example.com", "/FOO").backend()).isEqualTo("a");
        assertThat(router.get("www.example.com", "/foo?q=1").backend()).isEqualTo("b");
    }

    @Test
    void aPathWithATrailingSlashMatchesOnlyBelowIt() throws Exception {
        router.write("case6.yaml", Manifests.route("shop", "sub", "sub.example.com", "/sub/", "svc-c"));
        assertThat(router.await("sub.example.com", "/sub/x", r -> r.status() == 200).backend()).isEqualTo("c");
        assertThat(router.get("sub.example.com", "/sub").status()).isEqualTo(503);
        assertThat(router.get("sub.example.com", "/subpar").status()).isEqualTo(503);
    }

    @Test
    void anUnknownHostGetsTheApplicationNotAvailablePage() throws Exception {
        RouterHarness.Response response = router.get("nobody.example.com", "/");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).contains("Application is not available");
        assertThat(response.headers()).containsIgnoringCase("Cache-Control: private, max-age=0, no-cache, no-store");
    }

    @Test
    void hostMatchingIgnoresCaseAPortAndATrailingDot() throws Exception {
        router.write("case22.yaml", Manifests.route("shop", "first", "first.example.com", "", "svc-a"));
        router.await("first.example.com", "/", r -> r.status() == 200);
        for (String host : new String[] {"FIRST.example.com", "first.example.com:80", "first.example.com."}) {
            assertThat(router.get(host, "/").backend()).as(host).isEqualTo("a");
        }
    }

    @Test
    void alternateBackendsSplitTrafficByWeight() throws Exception {
        router.write("case34.yaml", Manifests.weightedRoute("shop", "split", "split.example.com", "weight-1", 1, "weight-3", 3));
        router.await("split.example.com", "/", r -> r.status() == 200);
        int w1 = 0;
        int w3 = 0;
        for (int i = 0; i < 400; i++) {
            String backend = router.get("split.example.com", "/").backend();
            if (backend.equals("w1")) {
                w1++;
            } else if (backend.equals("w3")) {
                w3++;
            }
        }
        assertThat(w1 + w3).isEqualTo(400);
        // 85/256 against 256/256 with roundrobin: a quarter of the requests, give or take.
        assertThat((double) w1 / 400).isBetween(0.18, 0.32);
    }

    @Test
    void aRouteWhoseWeightsAreAllZeroAnswers503() throws Exception {
        router.write("zero.yaml", Manifests.weightedRoute("shop", "zero", "zero.example.com", "svc-a", 0, "svc-b", 0));
        assertThat(router.awaitBackend("shop", "zero")).contains("weight 0").doesNotContain("weight 1");
        assertThat(router.get("zero.example.com", "/").status()).isEqualTo(503);
    }

    @Test
    void targetPortKeepsOnlyEndpointsWhosePortNameOrNumberMatches() throws Exception {
        router.write("case35.yaml",
                Manifests.route("shop", "by-name", "byname.example.com", "", "ports", "port:\n  targetPort: web"),
                Manifests.route("shop", "by-number", "bynumber.example.com", "", "ports",
                        "port:\n  targetPort: " + port("web")),
                Manifests.route("shop", "by-service-port", "svcport.example.com", "", "ports", "port:\n  targetPort: 80"),
                Manifests.route("shop", "all-ports", "allports.example.com", "", "ports"));
        router.await("byname.example.com", "/", r -> r.status() == 200);
        router.await("allports.example.com", "/", r -> r.status() == 200);
        for (int i = 0; i < 20; i++) {
            assertThat(router.get("byname.example.com", "/").backend()).isEqualTo("web");
            assertThat(router.get("bynumber.example.com", "/").backend()).isEqualTo("web");
        }
        assertThat(router.get("svcport.example.com", "/").status()).isEqualTo(503);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 60 && seen.size() < 2; i++) {
            seen.add(router.get("allports.example.com", "/").backend());
        }
        assertThat(seen).containsExactlyInAnyOrder("web", "admin");
    }

    @Test
    void onlyReadyUnrestrictedEndpointsGetTraffic() throws Exception {
        router.write("mixed.yaml",
                Manifests.slice("shop", "mixed", "mixed-ready", "web", port("ready"), true, "127.0.0.1"),
                Manifests.slice("shop", "mixed", "mixed-notready", "web", port("notready"), false, "127.0.0.1"));
        router.write("case36.yaml",
                Manifests.route("shop", "mixed", "mixed.example.com", "", "mixed"),
                Manifests.route("shop", "restricted", "restricted.example.com", "", "restricted"));
        router.await("mixed.example.com", "/", r -> r.status() == 200);
        for (int i = 0; i < 20; i++) {
            assertThat(router.get("mixed.example.com", "/").backend()).isEqualTo("ready");
        }
        assertThat(router.awaitBackend("shop", "restricted")).doesNotContain("server ");
        assertThat(router.get("restricted.example.com", "/").status()).isEqualTo(503);
        // Every pod gone: the route stays admitted and answers 503.
        router.write("mixed.yaml",
                Manifests.slice("shop", "mixed", "mixed-ready", "web", port("ready"), false, "127.0.0.1"),
                Manifests.slice("shop", "mixed", "mixed-notready", "web", port("notready"), false, "127.0.0.1"));
        assertThat(router.await("mixed.example.com", "/", r -> r.status() == 503).status()).isEqualTo(503);
    }
}
