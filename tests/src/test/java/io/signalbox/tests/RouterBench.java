package io.signalbox.tests;

import io.signalbox.haproxy.UnixSocketCli;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ConfigGenerations;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.source.ManifestDirectory;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.state.RouterState;
import io.signalbox.router.status.StatusBook;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed and zero-drop benchmarks of BENCHMARKS.md. Not part of `mvn verify`: run with tests/bench/run-bench.sh
 * (which sets -Dsignalbox.bench=true). Every figure is printed as a "BENCH" line; goals as "measured vs goal".
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

            List<Double> endpoint = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                router.write("web-b.yaml", Manifests.slice("apps", "web", "web-b", pods.ports.get("b"), "127.0.0.1"));
                endpoint.add(until(router, "web.example.com", r -> r.backend().equals("b"), t0));
                router.delete("web-b.yaml");
                steady(router, "web.example.com", "a");
            }
            result.put("endpoint added", endpoint);

            List<Double> added = new ArrayList<>();
            List<Double> deleted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String host = "r" + i + ".example.com";
                long t0 = System.nanoTime();
                router.write("r.yaml", Manifests.route("apps", "r" + i, host, "", "web"));
                added.add(until(router, host, r -> r.status() == 200, t0));
                t0 = System.nanoTime();
                router.delete("r.yaml");
                deleted.add(until(router, host, r -> r.status() == 503, t0));
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
                certificate.add(until(router, host, r -> r.status() == 200, t0));
                router.delete("tls.yaml");
                until(router, host, r -> r.status() == 503, System.nanoTime());
            }
            result.put("certificate added", certificate);
            print(mode + ": HAProxy reloads during the run (master show proc): " + (router.reloads() - reloadsBefore));
        }
        return result;
    }

    /** Milliseconds from t0 until a response satisfies the check (tight polling, a new connection each time). */
    private static double until(RouterHarness router, String host, Predicate<RouterHarness.Response> check, long t0)
            throws Exception {
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.test(router.get(host, "/"))) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException e) {
                // counted as not yet
            }
        }
        throw new AssertionError("no matching response from " + host + " within 30 s");
    }

    private static void steady(RouterHarness router, String host, String backend) throws Exception {
        long t0 = System.nanoTime();
        int inARow = 0;
        while (inARow < 20) {
            inARow = router.get(host, "/").backend().equals(backend) ? inARow + 1 : 0;
            if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                throw new AssertionError(host + " never settled on " + backend);
            }
        }
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

    // ---------------------------------------------------------------- (c) scale and (d) direct vs router

    @Test
    void scale() throws Exception {
        print("load before: " + BenchTools.loadAverage());
        int pod = RouterHarness.freePort();
        Map<Integer, double[]> cost = new LinkedHashMap<>();
        try (BenchTools.Responders pods = new BenchTools.Responders(root, Map.of("pod", pod))) {
            BenchTools.pin(pods.pid(), 1);
            for (int n : new int[] {10, 1000, 10000}) {
                cost.put(n, scaleOne(n, pod));
            }
        }
        double[] small = cost.get(10);
        double[] large = cost.get(10000);
        print(String.format("ratio 10,000/10: CPU per request %.2fx (Signalbox), %.2fx (OpenShift regex layout)",
                large[0] / small[0], large[1] / small[1]));
        goal("HAProxy CPU/request 10,000 vs 10", large[0] / small[0], 1.1, "x");
        print("load after: " + BenchTools.loadAverage());
    }

    /** One route count; returns {Signalbox µs/request, regex layout µs/request}. */
    private double[] scaleOne(int n, int pod) throws Exception {
        Path dir = Files.createDirectories(root.resolve("n" + n));
        RouterHarness router = new RouterHarness(dir);
        StringBuilder routes = new StringBuilder();
        routes.append(Manifests.slice("apps", "web", "web", pod, "127.0.0.1"));
        for (int i = 0; i < n; i++) {
            routes.append("\n---\n").append(Manifests.route("apps", "r" + i, "h" + i + ".example.com", "", "web"));
        }
        router.write("routes.yaml", routes.toString());

        double[] render = renderAndWrite(router);
        double renderMs = render[0];
        router.env("ROUTER_GRACEFUL_SHUTDOWN_DELAY", "0s");
        try (DaemonJvm daemon = DaemonJvm.startAsInstalled(router.environment(), dir.resolve("daemon.log"))) {
            daemon.awaitReady(router.statsPort, Duration.ofSeconds(120));
            router.await("h0.example.com", "/", r -> r.status() == 200);
            List<Double> reloadTimes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                router.forceReload();
                reloadTimes.add((System.nanoTime() - t0) / 1e6);
            }
            Collections.sort(reloadTimes);
            Thread.sleep(1000); // the old worker exits
            long daemonRss = daemon.rssMib();
            long worker = router.masterProcesses().workers().get(0);
            double haproxyRss = BenchTools.rssMegabytes(worker);

            Path script = Files.writeString(dir.resolve("random.lua"), """
                    math.randomseed(os.time())
                    request = function()
                      local r = math.random(0, %d)
                      return wrk.format("GET", "/p" .. math.random(1, 1000000000), { Host = "h" .. r .. ".example.com" })
                    end
                    """.formatted(n - 1));
            String url = "http://127.0.0.1:" + router.httpPort + "/";
            // CPU the worker spends with no traffic at all (timers of N backends and servers), per second.
            double idle0 = BenchTools.cpuSeconds(worker);
            Thread.sleep(5000);
            double idleCpuPerSecond = (BenchTools.cpuSeconds(worker) - idle0) / 5;
            long[] connectsBefore = serverConnects(router);
            double[] ours = routingCost(worker, url, script);
            long[] connects = serverConnects(router);
            // The same lookups on one host only: one backend, so what remains is the lookup in maps of N entries.
            Path oneHost = Files.writeString(dir.resolve("one-host.lua"), """
                    request = function()
                      return wrk.format("GET", "/p" .. math.random(1, 1000000000), { Host = "h0.example.com" })
                    end
                    """);
            double[] lookupOnly = routingCost(worker, url, oneHost);
            if (n == 10) {
                directVsRouter(router, pod, worker);
            }
            daemon.close();
            double[] regex = regexLayoutCost(dir, n, pod, script);
            print(String.format("N=%d: render+write %.0f ms, reload %.0f ms (median of 3), daemon RSS %d MB (its own JVM, "
                    + "launcher options), HAProxy worker RSS %.0f MB; render+write CPU time %.0f ms", n, renderMs,
                    reloadTimes.get(1), daemonRss, haproxyRss, render[1]));
            print(String.format("N=%d: Signalbox maps %.1f µs CPU/request, %.0f req/s | OpenShift regex map %.1f µs CPU/request, %.0f req/s",
                    n, ours[0], ours[1], regex[0], regex[1]));
            long newConnections = connects[0] - connectsBefore[0];
            long reused = connects[1] - connectsBefore[1];
            print(String.format("N=%d: Signalbox, one host with random paths (lookup only): %.1f µs CPU/request, %.0f req/s; "
                    + "random hosts opened %d new connections to the pod and reused %d (%.0f%% new); idle worker CPU "
                    + "%.1f%%", n, lookupOnly[0], lookupOnly[1], newConnections, reused,
                    100.0 * newConnections / Math.max(1, newConnections + reused), idleCpuPerSecond * 100));
            if (n == 10000) {
                goal("render+write of 10,000 routes", renderMs, 300, "ms");
                goal("render+write of 10,000 routes, CPU time (what a busy machine does not distort)", render[1], 300, "ms");
                goal("daemon RSS at 10,000 routes", daemonRss, 300, "MB");
            }
            return new double[] {ours[0], regex[0]};
        }
    }

    /** The sums over every server of show stat's "connect" (new connections) and "reuse" columns. */
    private static long[] serverConnects(RouterHarness router) throws IOException {
        String csv = new UnixSocketCli(router.workDir.resolve("run/haproxy.sock"), Duration.ofSeconds(10)).send("show stat");
        List<String> header = List.of(csv.lines().findFirst().orElse("").replaceFirst("^# ", "").split(","));
        int type = header.indexOf("type");
        int connect = header.indexOf("connect");
        int reuse = header.indexOf("reuse");
        long[] sums = new long[2];
        csv.lines().skip(1).map(l -> l.split(",", -1)).filter(f -> f.length > reuse && "2".equals(f[type]))
                .forEach(f -> {
                    sums[0] += f[connect].isEmpty() ? 0 : Long.parseLong(f[connect]);
                    sums[1] += f[reuse].isEmpty() ? 0 : Long.parseLong(f[reuse]);
                });
        return sums;
    }

    /**
     * Render and write (with fsync) of the whole config, in process, as the daemon does it: {median wall ms, median
     * CPU ms of the rendering thread} of 5 rounds after 3 that warm up the JIT. The CPU time is the figure to compare
     * on a busy machine.
     */
    private static double[] renderAndWrite(RouterHarness router) throws IOException {
        Map<String, String> env = new HashMap<>(router.environment());
        RouterConfig config = RouterConfig.fromEnv(env);
        RouterState state = new RouterState(new RouteAdmission(config.admission()),
                new StatusBook(config.routerName(), config.canonicalHostname(), Clock.systemUTC(), Map.of()));
        new ManifestDirectory(router.manifests).rescan().forEach(e -> state.apply(e, new ArrayList<>()));
        RouterSnapshot snapshot = state.snapshot();
        Path work = Files.createDirectories(router.workDir.resolve("bench-render"));
        ConfigGenerations generations = new ConfigGenerations(work);
        ConfigRenderer renderer = new ConfigRenderer(config.render(), config.runtime());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            RenderedConfig rendered = renderer.render(snapshot);
            Path staged = generations.stage(rendered);
            if (i >= 3) {
                times.add((System.nanoTime() - t0) / 1e6);
                cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e6);
            }
            generations.discard(staged);
        }
        return new double[] {BenchTools.percentile(times, 50), BenchTools.percentile(cpu, 50)};
    }

    /** wrk (pinned to CPU 1) through an HAProxy worker pinned to CPU 0: {µs CPU of the worker per request, req/s}. */
    private static double[] routingCost(long worker, String url, Path script) throws Exception {
        BenchTools.pin(worker, 0);
        double cpu0 = BenchTools.cpuSeconds(worker);
        BenchTools.WrkResult r = BenchTools.wrk(20, 10, url, "-s", script.toString());
        double cpu = BenchTools.cpuSeconds(worker) - cpu0;
        if (r.non2xx() > 0 || r.socketErrors() > 0) {
            print("  (wrk saw " + r.non2xx() + " non-2xx and " + r.socketErrors() + " socket errors)");
        }
        return new double[] {cpu * 1e6 / Math.max(1, r.requests()), r.requestsPerSecond()};
    }

    /** The same routes in OpenShift's layout: one anchored regex per route in a map_reg on base. */
    private static double[] regexLayoutCost(Path dir, int n, int pod, Path script) throws Exception {
        int port = RouterHarness.freePort();
        StringBuilder map = new StringBuilder();
        StringBuilder backends = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) {
            map.append("^h").append(i).append("\\.example\\.com\\.?(:[0-9]+)?(/.*)?$ be_http:apps:r").append(i).append('\n');
            backends.append("backend be_http:apps:r").append(i).append("\n  server pod 127.0.0.1:").append(pod).append('\n');
        }
        Path mapFile = Files.writeString(dir.resolve("os_http_be.map"), map);
        Path cfg = Files.writeString(dir.resolve("openshift-layout.cfg"), """
                global
                  maxconn 4000
                defaults
                  mode http
                  timeout client 30s
                  timeout server 30s
                  timeout connect 5s
                frontend public
                  bind 127.0.0.1:%d
                  use_backend %%[base,map_reg(%s)]
                %s""".formatted(port, mapFile, backends));
        Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openshift-layout.log").toFile()).start();
        try {
            Thread.sleep(n >= 10000 ? 3000 : 500);
            return routingCost(haproxy.pid(), "http://127.0.0.1:" + port + "/", script);
        } finally {
            haproxy.destroy();
        }
    }

    private static void directVsRouter(RouterHarness router, int pod, long worker) throws Exception {
        BenchTools.pin(worker, 0);
        BenchTools.WrkResult direct = BenchTools.wrk(20, 10, "http://127.0.0.1:" + pod + "/");
        BenchTools.WrkResult routed = BenchTools.wrk(20, 10, "http://127.0.0.1:" + router.httpPort + "/",
                "-H", "Host: h0.example.com");
        print(String.format("direct to the pod: %.0f req/s; through the router: %.0f req/s; ratio %.2f "
                + "(router worker pinned to CPU 0; responder and wrk share CPU 1; keep-alive, 20 connections)",
                direct.requestsPerSecond(), routed.requestsPerSecond(), routed.requestsPerSecond() / direct.requestsPerSecond()));
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

    private static void goal(String what, double measured, double goal, String unit) {
        print(String.format("GOAL %s: measured %.2f%s vs goal %s%.2f%s: %s", what, measured, unit,
                goal == 0 ? "" : "≤ ", goal, unit, measured <= goal ? "met" : "NOT met"));
    }

    private static void print(String line) {
        System.out.println("BENCH " + line);
    }
}
