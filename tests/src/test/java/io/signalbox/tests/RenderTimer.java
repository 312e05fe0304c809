package io.signalbox.tests;

import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ConfigGenerations;
import io.signalbox.router.config.RouterConfig;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Render and write (with fsync) of the whole config, as the daemon does it, in a JVM of its own started with the
 * launcher's options: the heap and collector the daemon has decide how much of the time is garbage collection.
 * Reads the router's settings from its environment and prints {@code RENDER <median wall ms> <median CPU ms>} of 5
 * rounds after 3 that warm up the JIT.
 */
public final class RenderTimer {
    private RenderTimer() {
    }

    public static void main(String[] args) throws IOException {
        RouterConfig config = RouterConfig.fromEnv(System.getenv());
        RouterState state = new RouterState(new RouteAdmission(config.admission()),
                new StatusBook(config.routerName(), config.canonicalHostname(), Clock.systemUTC(), Map.of()));
        new ManifestDirectory(Path.of(System.getenv("SIGNALBOX_MANIFESTS_DIR"))).rescan()
                .forEach(e -> state.apply(e, new ArrayList<>()));
        RouterSnapshot snapshot = state.snapshot();
        Path work = Files.createDirectories(Path.of(System.getenv("SIGNALBOX_WORK_DIR"), "bench-render"));
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
        System.out.printf("RENDER %.1f %.1f%n", BenchTools.percentile(times, 50), BenchTools.percentile(cpu, 50));
    }

    /** Runs it with the launcher's JVM options: {median wall ms, median CPU ms}. */
    static double[] run(Map<String, String> env) throws IOException, InterruptedException {
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
        String[] figures = out.lines().filter(l -> l.startsWith("RENDER ")).findFirst()
                .orElseThrow(() -> new IOException("the render timer printed no figures: " + out)).split(" ");
        return new double[] {Double.parseDouble(figures[1]), Double.parseDouble(figures[2])};
    }
}
