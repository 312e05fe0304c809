package io.signalbox.tests;

import static io.signalbox.tests.BenchTools.goal;
import static io.signalbox.tests.BenchTools.print;

import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks (a) change → traffic latency and (b) zero drop of BENCHMARKS.md ((c) and (d) are {@link ScaleBench}).
 * Not part of `mvn verify`: run with tests/bench/run-bench.sh (which sets -Dsignalbox.bench=true). Every figure is
 * printed as a "BENCH" line; goals as "measured vs goal".
 */
@EnabledIfSystemProperty(named = "signalbox.bench", matches = "true")
class RouterBench {
    private static final int CHANGES = Integer.getInteger("bench.changes", 200);
    private static final int RELOAD_BOUND_CHANGES = Integer.getInteger("bench.reloadChanges", 10);


    @TempDir
    Path root;

    // ---------------------------------------------------------------- (a) change → traffic latency

    @Test
    void changeToTrafficLatency() throws Exception {
        print("load before: " + BenchTools.loadAverage());
        Map<String, List<Double>> runtime = latencies("runtime", true, CHANGES);
        Map<String, List<Double>> baseline = latencies("baseline", false, RELOAD_BOUND_CHANGES);
        print(String.format("%-18s | %-30s | %-30s", "change", "runtime API (p50 / p99, n)", "OpenShift baseline (p50 / p99, n)"));
        for (String kind : runtime.keySet()) {
            print(String.format("%-18s | %-30s | %-30s", kind, summary(runtime.get(kind)), summary(baseline.get(kind))));
        }
        goal("endpoint change p99", BenchTools.percentile(runtime.get("endpoint added"), 99), 50, "ms");
        goal("route add p99", BenchTools.percentile(runtime.get("route added"), 99), 100, "ms");
        print("load after: " + BenchTools.loadAverage());
    }

    private Map<String, List<Double>> latencies(String mode, boolean runtimeApi, int n) throws Exception {
        Path dir = Files.createDirectories(root.resolve(mode));
        Map<String, List<Double>> result = new LinkedHashMap<>();
        try (BenchTools.Responders pods = new BenchTools.Responders(dir, Map.of("a", RouterHarness.freePort(),
                "b", RouterHarness.freePort()));
             RouterHarness router = new RouterHarness(dir).env("RELOAD_INTERVAL", "5s")
                     .env("SIGNALBOX_RUNTIME_API", Boolean.toString(runtimeApi)).start()) {
            router.write("web-a.yaml", Manifests.slice("apps", "web", "web-a", pods.ports.get("a"), "127.0.0.1"));
            router.write("web.yaml", Manifests.route("apps", "web", "web.example.com", "", "web"));
            router.await("web.example.com", "/", r -> r.status() == 200);
            int reloadsBefore = router.reloads();

            result.put("endpoint added", BenchTools.endpointChanges(router, "web", "web.example.com",
                    pods.ports.get("b"), n));

            List<Double> added = new ArrayList<>();
            List<Double> deleted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String host = "r" + i + ".example.com";
                long t0 = System.nanoTime();
                router.write("r.yaml", Manifests.route("apps", "r" + i, host, "", "web"));
                added.add(BenchTools.until(router, host, r -> r.status() == 200, t0));
                t0 = System.nanoTime();
                router.delete("r.yaml");
                deleted.add(BenchTools.until(router, host, r -> r.status() == 503, t0));
            }
            result.put("route added", added);
            result.put("route deleted", deleted);

            List<Double> certificate = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String host = "tls" + i + ".example.com";
                Issued cert = TestPki.leaf(null, host);
                long t0 = System.nanoTime();
                router.write("tls.yaml", Manifests.route("apps", "tls" + i, host, "", "web",
                        Manifests.tls("edge", "Allow", "certificate", cert.certificatePem(), "key", cert.keyPem())));
                certificate.add(BenchTools.until(router, host, r -> r.status() == 200, t0));
                router.delete("tls.yaml");
                BenchTools.until(router, host, r -> r.status() == 503, System.nanoTime());
            }
            result.put("certificate added", certificate);
            print(mode + ": HAProxy reloads during the run (master show proc): " + (router.reloads() - reloadsBefore));
        }
        return result;
    }

    // ---------------------------------------------------------------- (b) zero drop under load

    @Test
    void zeroDropUnderLoadWhileThousandChanges() throws Exception {
        print("load before: " + BenchTools.loadAverage());
        Map<String, Integer> ports = Map.of("stable", RouterHarness.freePort(), "a", RouterHarness.freePort(),
                "b", RouterHarness.freePort());
        try (BenchTools.Responders pods = new BenchTools.Responders(root, ports);
             RouterHarness router = new RouterHarness(root).env("RELOAD_INTERVAL", "1s").start()) {
            router.write("stable.yaml", Manifests.slice("apps", "stable", "stable", ports.get("stable"), "127.0.0.1"),
                    Manifests.route("apps", "stable", "stable.example.com", "", "stable"));
            router.write("churn.yaml", Manifests.slice("apps", "churn", "churn", ports.get("a"), "127.0.0.1"));
            router.await("stable.example.com", "/", r -> r.status() == 200);
            String url = "http://127.0.0.1:" + router.httpPort + "/";
            int seconds = Integer.getInteger("bench.zeroDropSeconds", 40);
            CompletableFuture<BenchTools.WrkResult> keepAlive = CompletableFuture.supplyAsync(() -> wrkQuietly(8, seconds, url,
                    "-H", "Host: stable.example.com"));
            CompletableFuture<BenchTools.WrkResult> close = CompletableFuture.supplyAsync(() -> wrkQuietly(4, seconds, url,
                    "-H", "Host: stable.example.com", "-H", "Connection: close"));
            int reloadsBefore = router.reloads();
            long spacing = (seconds - 5) * 1000L / 1000;
            int forced = 0;
            for (int i = 0; i < 1000; i++) {
                switch (i % 4) {
                    case 0 -> router.write("churn.yaml", Manifests.slice("apps", "churn", "churn",
                            ports.get(i % 8 == 0 ? "a" : "b"), "127.0.0.1"));
                    case 1 -> router.write("r" + i + ".yaml", Manifests.route("apps", "r" + i, "r" + i + ".example.com", "", "churn"));
                    case 2 -> router.delete("r" + (i - 5) + ".yaml");
                    default -> {
                        if (i % 100 == 3) {
                            router.forceReload();
                            forced++;
                        } else if (i % 8 == 3) {
                            router.write("churn-2.yaml", Manifests.slice("apps", "churn", "churn-2", ports.get("b"), "127.0.0.1"));
                        } else {
                            router.delete("churn-2.yaml");
                        }
                    }
                }
                Thread.sleep(spacing);
            }
            BenchTools.WrkResult ka = keepAlive.get();
            BenchTools.WrkResult cl = close.get();
            print(String.format("zero-drop: 1000 changes written (%d endpoint changes, 250 route adds, 250 route deletes, "
                    + "%d forced reloads), HAProxy reloads in all: %d", 500 - forced, forced, router.reloads() - reloadsBefore));
            print(String.format("zero-drop keep-alive:        %d requests, %d non-2xx, %d socket errors, %.0f req/s",
                    ka.requests(), ka.non2xx(), ka.socketErrors(), ka.requestsPerSecond()));
            print(String.format("zero-drop Connection: close: %d requests, %d non-2xx, %d socket errors, %.0f req/s",
                    cl.requests(), cl.non2xx(), cl.socketErrors(), cl.requestsPerSecond()));
            print("zero-drop wrk errors: keep-alive " + socketErrorLine(ka) + "; Connection: close " + socketErrorLine(cl));
            print("zero-drop metrics: " + String.join("; ", router.stats("/metrics").lines()
                    .filter(l -> l.startsWith("signalbox_applies_total{") || l.startsWith("signalbox_runtime_")
                            || l.startsWith("signalbox_reloads_total{")).toList()));
            goal("failed requests", ka.non2xx() + ka.socketErrors() + cl.non2xx() + cl.socketErrors(), 0, "");
        }
        print("load after: " + BenchTools.loadAverage());
    }

    private static String socketErrorLine(BenchTools.WrkResult r) {
        return r.raw().lines().filter(l -> l.contains("Socket errors")).findFirst().orElse("no socket errors").strip();
    }

    private static BenchTools.WrkResult wrkQuietly(int connections, int seconds, String url, String... extra) {
        try {
            return BenchTools.wrk(connections, seconds, url, extra);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String summary(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return "not measured";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f ms, n=%d", BenchTools.percentile(sorted, 50), BenchTools.percentile(sorted, 99),
                sorted.size());
    }
}
