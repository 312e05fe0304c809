package io.signalbox.tests;

import static io.signalbox.tests.RouterHarness.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.UnixSocketCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes reach HAProxy through its runtime API without a reload (the master's reload count stays), a refused
 * runtime operation falls back to a reload, and what is on disk routes exactly like what runs.
 */
class RuntimeApplyTest {
    @TempDir
    Path root;

    @Test
    void endpointChangesAndRouteAddsAndDeletesAreServedWithoutAReload() throws Exception {
        try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
             RouterHarness router = new RouterHarness(root).start()) {
            router.write("web-a.yaml", Manifests.slice("apps", "web", "web-a", a.port(), "127.0.0.1"));
            router.write("web.yaml", Manifests.route("apps", "web", "web.example.com", "", "web"));
            assertThat(router.await("web.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("a");
            int reloads = router.reloads();

            router.write("web-b.yaml", Manifests.slice("apps", "web", "web-b", b.port(), "127.0.0.1"));
            assertThat(router.await("web.example.com", "/", r -> r.backend().equals("b")).backend()).isEqualTo("b");
            router.delete("web-a.yaml");
            assertThat(awaitSteady(router, "web.example.com", "/", "b")).isTrue();

            router.write("shop.yaml", Manifests.route("apps", "shop", "shop.example.com", "/cart", "web"));
            assertThat(router.await("shop.example.com", "/cart/1", r -> r.status() == 200).backend()).isEqualTo("b");
            assertThat(router.get("shop.example.com", "/cartx").status()).isEqualTo(503);
            router.delete("shop.yaml");
            assertThat(router.await("shop.example.com", "/cart/1", r -> r.status() == 503).status()).isEqualTo(503);

            assertThat(router.reloads()).as("HAProxy reloads (master show proc)").isEqualTo(reloads);
            // An apply is counted after its files pass haproxy -c, which is after traffic already shows the change.
            String metrics = router.await(() -> router.stats("/metrics"),
                    m -> metric(m, "signalbox_runtime_applies_total{reason=\"endpoints\"}") >= 2
                            && metric(m, "signalbox_runtime_applies_total{reason=\"routes\"}") >= 2);
            assertThat(metric(metrics, "signalbox_runtime_applies_total{reason=\"endpoints\"}")).isGreaterThanOrEqualTo(2);
            assertThat(metric(metrics, "signalbox_runtime_applies_total{reason=\"routes\"}")).isGreaterThanOrEqualTo(2);
            assertThat(metric(metrics, "signalbox_runtime_ops_total{result=\"failed\"}")).isZero();
            // The files say the same: the reloaded config would serve web from b alone and shop nowhere.
            String config = Files.readString(router.workDir.resolve("conf/haproxy.config"));
            assertThat(config).contains("127.0.0.1:" + b.port()).doesNotContain("127.0.0.1:" + a.port());
            assertThat(Files.readString(router.workDir.resolve("conf/http_exact.map"))).doesNotContain("shop");
        }
    }

    @Test
    void aRouteAddedWhileSomeoneElseReloadsHaproxyIsServedByTheWorkerThatReloadStarts() throws Exception {
        try (TestBackend a = new TestBackend("a"); RouterHarness router = new RouterHarness(root).start()) {
            // Enough routes that a reload parses for a few hundred milliseconds: the change lands while it does.
            StringBuilder bulk = new StringBuilder(Manifests.slice("apps", "web", "web-a", a.port(), "127.0.0.1"));
            for (int i = 0; i < 3000; i++) {
                bulk.append("\n---\n").append(Manifests.route("apps", "r" + i, "r" + i + ".example.com", "", "web"));
            }
            router.write("bulk.yaml", bulk.toString());
            router.await("r2999.example.com", "/", r -> r.status() == 200);
            List<Long> workers = router.masterProcesses().workers();

            router.askForReload();
            router.write("late.yaml", Manifests.route("apps", "late", "late.example.com", "", "web"));
            router.await(() -> router.masterProcesses().workers(), w -> !w.equals(workers));
            // That reload parsed the files from before the change, while the change's runtime operations went to
            // the worker it replaces: without a reload of the router's own, the route would stay unknown.
            assertThat(router.await("late.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("a");
        }
    }

    @Test
    void aRefusedRuntimeOperationFallsBackToOneReloadAndTheRouteStillWorks() throws Exception {
        try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
             RouterHarness router = new RouterHarness(root).start()) {
            router.write("web-a.yaml", Manifests.slice("apps", "web", "web-a", a.port(), "127.0.0.1"));
            router.write("web-b.yaml", Manifests.slice("apps", "web", "web-b", b.port(), "127.0.0.1"));
            router.write("web.yaml", Manifests.route("apps", "web", "web.example.com", "", "web"));
            router.await("web.example.com", "/", r -> r.status() == 200);
            router.await(() -> Files.readString(router.workDir.resolve("conf/http_prefix.map")), m -> m.contains("web.example.com/"));
            int reloads = router.reloads();
            // Behind the router's back: the server it will want to delete is already gone.
            String server = backendOf(router, "web.example.com/") + "/ept:web:web:127.0.0.1:" + a.port();
            admin(router).send("disable server " + server);
            assertThat(admin(router).send("del server " + server)).contains("Server deleted");

            router.delete("web-a.yaml");
            assertThat(router.await(() -> metric(router.stats("/metrics"),
                    "signalbox_runtime_fallbacks_total{reason=\"runtime-op-failed\"}"), n -> n == 1)).isEqualTo(1);

            assertThat(router.reloads()).isEqualTo(reloads + 1);
            assertThat(awaitSteady(router, "web.example.com", "/", "b")).isTrue();
            assertThat(metric(router.stats("/metrics"), "signalbox_runtime_ops_total{result=\"failed\"}")).isEqualTo(1);
        }
    }

    @Test
    void manyRuntimeChangesAndReloadsDropNothingAndTheFilesRouteLikeWhatRuns() throws Exception {
        List<TestBackend> backends = new ArrayList<>();
        try (RouterHarness router = new RouterHarness(root).env("SIGNALBOX_SPARE_BACKENDS", "4").start()) {
            for (int i = 0; i < 3; i++) {
                TestBackend backend = new TestBackend("svc" + i);
                backends.add(backend);
                router.write("svc" + i + ".yaml", Manifests.slice("apps", "svc" + i, "svc" + i, backend.port(), "127.0.0.1"));
            }
            router.write("stable.yaml", Manifests.route("apps", "stable", "stable.example.com", "", "svc0"));
            router.await("stable.example.com", "/", r -> r.status() == 200);
            ClientLoops load = new ClientLoops(router, "stable.example.com", "svc0", 20_000, Duration.ofSeconds(25));

            // Routes come and go (more than the 4 spares, so the pool runs out and a reload refills it), endpoints
            // move between services, and HAProxy is reloaded on purpose in between.
            for (int i = 0; i < 24; i++) {
                String path = i % 2 == 0 ? "" : "/p" + i;
                String host = i % 2 == 0 ? "r" + i + ".example.com" : "paths.example.com";
                router.write("r" + i + ".yaml", Manifests.route("apps", "r" + i, host, path, "svc" + (1 + i % 2)));
                if (i % 5 == 4) {
                    router.delete("r" + (i - 3) + ".yaml");
                }
                if (i % 4 == 3) {
                    int to = i % 3;
                    router.write("svc2.yaml", Manifests.slice("apps", "svc2", "svc2", backends.get(to).port(), "127.0.0.1"));
                }
                if (i % 8 == 7) {
                    router.forceReload();
                }
                Thread.sleep(60);
            }
            router.write("last.yaml", Manifests.route("apps", "last", "last.example.com", "", "svc1"));
            router.await("last.example.com", "/", r -> r.status() == 200);
            Thread.sleep(500);
            load.stop();

            Map<String, String> before = routing(router);
            router.forceReload();
            Map<String, String> after = routing(router);

            System.out.printf("runtime churn: %d requests to the stable route, %d failed; %d hosts and paths compared%n",
                    load.sent.get(), load.failed.get(), before.size());
            assertThat(load.sent.get()).isGreaterThan(500);
            assertThat(load.failed.get()).as("failed requests (first: %s)", load.firstFailure.get()).isZero();
            assertThat(before.values()).contains("200 svc1", "200 svc2", "503 ");
            assertThat(after).isEqualTo(before);
        } finally {
            backends.forEach(TestBackend::close);
        }
    }

    /** Status and answering backend of every host and path the churn test used, plus paths that must not match. */
    private static Map<String, String> routing(RouterHarness router) throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < 24; i++) {
            String host = i % 2 == 0 ? "r" + i + ".example.com" : "paths.example.com";
            for (String path : List.of("/", "/p" + i, "/p" + i + "/x", "/p" + i + "x")) {
                RouterHarness.Response r = router.get(host, path);
                result.put(host + path, r.status() + " " + r.backend());
            }
        }
        RouterHarness.Response last = router.get("last.example.com", "/");
        result.put("last.example.com/", last.status() + " " + last.backend());
        return result;
    }

    /** Requests to one route in two loops (keep-alive and Connection: close) until stopped or bounded. */
    private static final class ClientLoops {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        ClientLoops(RouterHarness router, String host, String backend, int maxRequests, Duration maxTime) {
            long deadline = System.nanoTime() + maxTime.toNanos();
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + router.httpPort + "/"))
                    .header("Host", host).timeout(Duration.ofSeconds(5)).build();
            threads.add(new Thread(() -> loop(maxRequests, deadline, "Connection: close", () -> {
                RouterHarness.Response r = router.get(host, "/");
                return r.status() == 200 && r.backend().equals(backend) ? null : r.status() + " from " + r.backend();
            })));
            threads.add(new Thread(() -> loop(maxRequests, deadline, "keep-alive", () -> {
                var r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? null : "status " + r.statusCode();
            })));
            threads.forEach(Thread::start);
        }

        private void loop(int maxRequests, long deadline, String mode, java.util.concurrent.Callable<String> request) {
            while (running.get() && sent.get() < maxRequests && System.nanoTime() < deadline) {
                sent.incrementAndGet();
                try {
                    String problem = request.call();
                    if (problem != null) {
                        throw new IllegalStateException(problem);
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, mode + ": " + e);
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    /** Polls until several answers in a row come from the backend. */
    private static boolean awaitSteady(RouterHarness router, String host, String path, String backend) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int inARow = 0;
        while (System.nanoTime() < deadline && inARow < 10) {
            inARow = router.get(host, path).backend().equals(backend) ? inARow + 1 : 0;
            Thread.sleep(inARow == 0 ? 50 : 5);
        }
        return inARow >= 10;
    }

    /** The backend a map key points at, from the prefix map on disk (a route added later lives in a pool backend). */
    private static String backendOf(RouterHarness router, String key) throws IOException {
        return Files.readAllLines(router.workDir.resolve("conf/http_prefix.map")).stream()
                .filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1)).findFirst().orElseThrow();
    }

    private static UnixSocketCli admin(RouterHarness router) {
        return new UnixSocketCli(router.workDir.resolve("run/haproxy.sock"), Duration.ofSeconds(5));
    }
}
