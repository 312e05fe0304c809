package io.signalbox.tests;

import static io.signalbox.tests.BenchTools.goal;
import static io.signalbox.tests.BenchTools.print;

import io.signalbox.haproxy.UnixSocketCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks (c) scale and (d) straight to a pod vs through the router, of BENCHMARKS.md. Run with
 * tests/bench/run-bench.sh; every figure is a "BENCH" line.
 *
 * <p>Routing cost is the router worker's CPU time per request while wrk sends every request to one of the same ten
 * hosts with a random path: the traffic is the same at every N, only the routing table grows, and the random path
 * misses HAProxy's pattern cache on every lookup. Spreading requests over all N hosts is printed too, but it measures
 * something else: each route is its own backend with its own pool of idle connections to the pod, so at N = 10,000
 * almost every request opens a new connection (the benchmark prints the share), whatever the lookup costs.
 */
@EnabledIfSystemProperty(named = "signalbox.bench", matches = "true")
class ScaleBench {
    /** Requests go to one of these hosts, present at every N. */
    private static final int TEN_HOSTS = 10;
    private static final int ROUNDS = 3;
    private static final int ROUND_SECONDS = 8;
    private static final int ENDPOINT_CHANGES = 20;

    @TempDir
    Path root;

    @Test
    void scale() throws Exception {
        print("load before: " + BenchTools.loadAverage());
        Map<Integer, Cost> cost = new LinkedHashMap<>();
        try (BenchTools.Responders pods = new BenchTools.Responders(root, Map.of("pod", RouterHarness.freePort(),
                "a", RouterHarness.freePort(), "b", RouterHarness.freePort()))) {
            BenchTools.pin(pods.pid(), 1);
            for (int n : new int[] {10, 1000, 10000}) {
                cost.put(n, scaleOne(n, pods.ports));
            }
        }
        Cost small = cost.get(10);
        Cost large = cost.get(10000);
        print(String.format("ratio 10,000/10, same ten hosts with random paths: CPU per request %.2fx (Signalbox), "
                + "%.2fx (OpenShift regex layout)", large.ours() / small.ours(), large.regex() / small.regex()));
        print(String.format("ratio 10,000/10, requests spread over all N hosts: %.2fx (Signalbox)",
                large.spread() / small.spread()));
        goal("HAProxy CPU/request 10,000 vs 10", large.ours() / small.ours(), 1.1, "x");
        print("load after: " + BenchTools.loadAverage());
    }

    /** µs of worker CPU per request: ten hosts in Signalbox's and in OpenShift's layout, spread over all N hosts. */
    private record Cost(double ours, double regex, double spread) {
    }

    /** @param pods the responders' ports: "pod" serves the N routes, "a" and "b" the route whose endpoints change */
    private Cost scaleOne(int n, Map<String, Integer> pods) throws Exception {
        int pod = pods.get("pod");
        Path dir = Files.createDirectories(root.resolve("n" + n));
        RouterHarness router = new RouterHarness(dir);
        StringBuilder routes = new StringBuilder();
        routes.append(Manifests.slice("apps", "web", "web", pod, "127.0.0.1"));
        for (int i = 0; i < n; i++) {
            routes.append("\n---\n").append(Manifests.route("apps", "r" + i, "h" + i + ".example.com", "", "web"));
        }
        router.write("routes.yaml", routes.toString());
        router.write("probe.yaml", Manifests.slice("apps", "probe", "probe-a", pods.get("a"), "127.0.0.1"),
                Manifests.route("apps", "probe", "probe.example.com", "", "probe"));

        RenderTimer.Figures render = RenderTimer.run(router.environment());
        router.env("ROUTER_GRACEFUL_SHUTDOWN_DELAY", "0s");
        Path tenHosts = randomHostScript(dir, "ten-hosts.lua", TEN_HOSTS);
        Path spread = randomHostScript(dir, "spread.lua", n);
        try (DaemonJvm daemon = DaemonJvm.startAsInstalled(router.environment(), dir.resolve("daemon.log"))) {
            daemon.awaitReady(router.statsPort, Duration.ofSeconds(120));
            // Off the router worker's core: a JVM that just started compiles and collects on whichever core is free.
            BenchTools.pin(daemon.process().pid(), 1);
            router.await("h0.example.com", "/", r -> r.status() == 200);
            List<Double> reloadTimes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                router.forceReload();
                reloadTimes.add((System.nanoTime() - t0) / 1e6);
            }
            Collections.sort(reloadTimes);
            long syncedRss = daemon.rssMib();
            // Runtime changes read the config back and diff it: the daemon's memory after some is what a node has.
            // As RouterBench measures it with a handful of routes: here all N routes are rendered and diffed each time.
            List<Double> endpointChanges = BenchTools.endpointChanges(router, "probe", "probe.example.com",
                    pods.get("b"), ENDPOINT_CHANGES);
            Thread.sleep(1000); // the old worker exits
            long daemonRss = daemon.rssMib();
            long worker = router.masterProcesses().workers().get(0);
            double haproxyRss = BenchTools.rssMegabytes(worker);
            String url = "http://127.0.0.1:" + router.httpPort + "/";
            // CPU the worker spends with no traffic at all (timers of N backends and servers), per second.
            double idle0 = BenchTools.cpuSeconds(worker);
            Thread.sleep(5000);
            double idleCpuPerSecond = (BenchTools.cpuSeconds(worker) - idle0) / 5;
            Rounds ours = routingCost(worker, url, tenHosts, ROUNDS);
            if (n == 10) {
                directVsRouter(router, pod, worker);
            }
            // Last: it leaves idle connections to the pod in up to N backends, which would tax the runs after it.
            long[] connectsBefore = serverConnects(router);
            Rounds spreadCost = routingCost(worker, url, spread, 1);
            long[] connects = serverConnects(router);
            daemon.close();
            Rounds regex = regexLayoutCost(dir, n, pod, tenHosts);
            print(String.format("N=%d: render+write, wall (CPU) ms: full %.0f (%.0f), after one route changed %.0f (%.0f), "
                    + "first in a fresh JVM %.0f (%.0f); reload %.0f ms (median of 3); daemon RSS %d MB after %d endpoint "
                    + "changes, %d MB before them (both in JVMs with the launcher's options); HAProxy worker RSS %.0f MB, "
                    + "idle worker CPU %.1f%%", n, render.full()[0], render.full()[1], render.change()[0],
                    render.change()[1], render.first()[0], render.first()[1], reloadTimes.get(1), daemonRss,
                    ENDPOINT_CHANGES * 2, syncedRss, haproxyRss, idleCpuPerSecond * 100));
            print(String.format("N=%d: endpoint added to a route → first answer from it: p50 %.1f ms, max %.1f ms (n=%d)",
                    n, BenchTools.percentile(endpointChanges, 50), BenchTools.percentile(endpointChanges, 100),
                    endpointChanges.size()));
            print(String.format("N=%d: ten hosts, random paths: Signalbox %s | OpenShift regex map %s", n, ours, regex));
            long newConnections = connects[0] - connectsBefore[0];
            long reused = connects[1] - connectsBefore[1];
            print(String.format("N=%d: spread over all %d hosts, random paths: Signalbox %s; %d new connections to the pod, "
                    + "%d reused (%.0f%% new)", n, n, spreadCost, newConnections, reused,
                    100.0 * newConnections / Math.max(1, newConnections + reused)));
            if (n == 10000) {
                goal("render+write of 10,000 routes, nothing reused from an earlier render", render.full()[0], 300, "ms");
                goal("render+write of 10,000 routes after one route changed", render.change()[0], 300, "ms");
                goal("daemon RSS at 10,000 routes, after endpoint changes", daemonRss, 300, "MB");
            }
            return new Cost(ours.medianMicros(), regex.medianMicros(), spreadCost.medianMicros());
        }
    }

    /** A wrk script: every request to a random one of hosts h0 … h(hosts-1), with a random path. */
    private static Path randomHostScript(Path dir, String name, int hosts) throws IOException {
        return Files.writeString(dir.resolve(name), """
                request = function()
                  local host = "h" .. math.random(0, %d) .. ".example.com"
                  return wrk.format("GET", "/p" .. math.random(1, 1000000000), { Host = host })
                end
                """.formatted(hosts - 1));
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

    /** Per round: µs of worker CPU per request and req/s. */
    private record Rounds(List<Double> micros, List<Double> perSecond) {
        double medianMicros() {
            return BenchTools.percentile(micros, 50);
        }

        @Override
        public String toString() {
            return String.format("%.1f µs CPU/request, %.0f req/s (median of %d; rounds %s µs)", medianMicros(),
                    BenchTools.percentile(perSecond, 50), micros.size(),
                    micros.stream().map(m -> String.format("%.1f", m)).collect(Collectors.joining(" ")));
        }
    }

    /** wrk (pinned to CPU 1) through an HAProxy worker pinned to CPU 0, {@code rounds} times. */
    private static Rounds routingCost(long worker, String url, Path script, int rounds) throws Exception {
        BenchTools.pin(worker, 0);
        List<Double> micros = new ArrayList<>();
        List<Double> perSecond = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double cpu0 = BenchTools.cpuSeconds(worker);
            BenchTools.WrkResult r = BenchTools.wrk(20, ROUND_SECONDS, url, "-s", script.toString());
            double cpu = BenchTools.cpuSeconds(worker) - cpu0;
            if (r.non2xx() > 0 || r.socketErrors() > 0) {
                print("  (wrk saw " + r.non2xx() + " non-2xx and " + r.socketErrors() + " socket errors)");
            }
            micros.add(cpu * 1e6 / Math.max(1, r.requests()));
            perSecond.add(r.requestsPerSecond());
        }
        return new Rounds(micros, perSecond);
    }

    /**
     * The same routes in OpenShift's layout: one anchored regex per route in a map_reg on base, the lines in reverse
     * string order as OpenShift sorts them (the first match wins).
     */
    private static Rounds regexLayoutCost(Path dir, int n, int pod, Path script) throws Exception {
        int port = RouterHarness.freePort();
        String map = IntStream.range(0, n)
                .mapToObj(i -> "^h" + i + "\\.example\\.com\\.?(:[0-9]+)?(/.*)?$ be_http:apps:r" + i)
                .sorted(Collections.reverseOrder()).collect(Collectors.joining("\n", "", "\n"));
        String backends = IntStream.range(0, n)
                .mapToObj(i -> "backend be_http:apps:r" + i + "\n  server pod 127.0.0.1:" + pod + "\n")
                .collect(Collectors.joining());
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
            return routingCost(haproxy.pid(), "http://127.0.0.1:" + port + "/", script, ROUNDS);
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
                + "(router worker pinned to CPU 0; responder, wrk and the daemon share CPU 1; keep-alive, 20 connections)",
                direct.requestsPerSecond(), routed.requestsPerSecond(), routed.requestsPerSecond() / direct.requestsPerSecond()));
    }
}
