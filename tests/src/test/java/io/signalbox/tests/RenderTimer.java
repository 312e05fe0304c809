package io.signalbox.tests;

import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ConfigGenerations;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.source.ManifestDirectory;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.state.RouterState;
import io.signalbox.router.status.StatusBook;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Render and write (with fsync) of the whole config, as the daemon does it, in a JVM of its own started with the
 * launcher's options: the heap and collector the daemon has decide how much of the time is garbage collection.
 * Reads the router's settings from its environment and prints three lines of wall and CPU milliseconds:
 * <ul>
 *   <li>{@code FIRST}: the first render in a fresh JVM, nothing compiled yet (what a daemon's start costs);</li>
 *   <li>{@code FULL}: the median of 5 renders by a new renderer each, so nothing is reused from an earlier render,
 *       after {@value #WARM_UP} that compile the code (the JIT needs about that many at 10,000 routes), each
 *       started on a collected heap;</li>
 *   <li>{@code CHANGE}: the median of 5 renders by one renderer, each after one more route changed (a timeout
 *       annotation), after as many warm-up changes: what every change costs the daemon.</li>
 * </ul>
 */
public final class RenderTimer {
    private static final int WARM_UP = 10;
    private static final int MEASURED = 5;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ConfigGenerations generations;
    private final RouterConfig config;

    private RenderTimer(RouterConfig config, Path work) {
        this.config = config;
        this.generations = new ConfigGenerations(work);
    }

    public static void main(String[] args) throws IOException {
        RouterConfig config = RouterConfig.fromEnv(System.getenv());
        RouterState state = new RouterState(new RouteAdmission(config.admission()),
                new StatusBook(config.routerName(), config.canonicalHostname(), Clock.systemUTC(), Map.of()));
        new ManifestDirectory(Path.of(System.getenv("SIGNALBOX_MANIFESTS_DIR"))).rescan()
                .forEach(e -> state.apply(e, new ArrayList<>()));
        RouterSnapshot snapshot = state.snapshot();
        RenderTimer timer = new RenderTimer(config,
                Files.createDirectories(Path.of(System.getenv("SIGNALBOX_WORK_DIR"), "bench-render")));

        print("FIRST", timer.time(1, 0, i -> timer.renderWithNew(snapshot)));
        print("FULL", timer.time(WARM_UP, MEASURED, i -> timer.renderWithNew(snapshot)));
        ConfigRenderer renderer = timer.newRenderer();
        renderer.render(snapshot);
        List<Route> routes = new ArrayList<>(new TreeMap<>(snapshot.routes()).values());
        Map<ObjectRef, Route> changed = new HashMap<>(snapshot.routes());
        print("CHANGE", timer.time(WARM_UP, MEASURED, i -> {
            Route route = routes.get(i % routes.size());
            Map<String, String> annotations = new HashMap<>(route.annotations());
            annotations.put("haproxy.router.openshift.io/timeout", (i + 1) + "s");
            changed.put(route.ref(), new Route(route.ref(), route.uid(), route.creationTimestamp(),
                    route.resourceVersion(), route.labels(), annotations, route.host(), route.subdomain(),
                    route.path(), route.wildcardPolicy(), route.to(), route.alternateBackends(), route.targetPort(),
                    route.tls(), route.httpHeaders()));
            RouterSnapshot next = snapshot.withRoutes(changed);
            return () -> renderer.render(next);
        }));
    }

    /**
     * A render by a renderer made for it, which has nothing from earlier renders to reuse. The renderer of the round
     * before is collected first: a daemon has one renderer, and its garbage would cost this round a full collection.
     */
    private Supplier<RenderedConfig> renderWithNew(RouterSnapshot snapshot) {
        System.gc();
        ConfigRenderer renderer = newRenderer();
        return () -> renderer.render(snapshot);
    }

    private ConfigRenderer newRenderer() {
        return new ConfigRenderer(config.render(), config.runtime());
    }

    /**
     * Median {wall, CPU} ms of render + write over the measured rounds (all rounds when none are warm-up).
     *
     * @param round prepares round i (not timed) and returns its render (timed, with the write)
     */
    private double[] time(int warmUp, int measured, IntFunction<Supplier<RenderedConfig>> round) throws IOException {
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < warmUp + measured; i++) {
            Supplier<RenderedConfig> render = round.apply(i);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Path staged = generations.stage(render.get());
            if (i >= warmUp || measured == 0) {
                wall.add((System.nanoTime() - t0) / 1e6);
                cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e6);
            }
            generations.discard(staged);
        }
        return new double[] {BenchTools.percentile(wall, 50), BenchTools.percentile(cpu, 50)};
    }

    private static void print(String what, double[] figures) {
        System.out.printf("%s %.1f %.1f%n", what, figures[0], figures[1]);
    }

    /** Figures of one run in a JVM with the launcher's options: wall and CPU ms of FIRST, FULL and CHANGE. */
    record Figures(double[] first, double[] full, double[] change) {
    }

    /** Runs it with the launcher's JVM options. */
    static Figures run(Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(DaemonJvm.launcherOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RenderTimer.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("the render timer failed: " + out);
        }
        return new Figures(figures(out, "FIRST"), figures(out, "FULL"), figures(out, "CHANGE"));
    }

    private static double[] figures(String out, String what) throws IOException {
        String[] words = out.lines().filter(l -> l.startsWith(what + " ")).findFirst()
                .orElseThrow(() -> new IOException("the render timer printed no " + what + " line: " + out)).split(" ");
        return new double[] {Double.parseDouble(words[1]), Double.parseDouble(words[2])};
    }
}
