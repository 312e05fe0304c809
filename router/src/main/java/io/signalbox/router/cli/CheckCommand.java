package io.signalbox.router.cli;

import io.signalbox.haproxy.ConfigChecker;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ConfigGenerations;
import io.signalbox.router.apply.ConfigVerifier;
import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.loop.RouterDaemon;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.source.ManifestDirectory;
import io.signalbox.router.source.ManifestProblem;
import io.signalbox.router.source.SourceEvent;
import io.signalbox.router.state.RouteRow;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.state.RouterState;
import io.signalbox.router.status.StatusBook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * An offline dry run of a manifests directory, for operators' CI pipelines: the same parsing, admission, render and
 * {@code haproxy -c} the daemon runs, with the route table printed. Exits 1 when any manifest is bad, any route is
 * rejected, or the config fails its check.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Dry-run a manifests directory: admission, rendered config, haproxy -c. Exit 1 on any rejection.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the manifests directory")
    Path dir;

    @Option(names = "--show-config", description = "print the rendered haproxy.config")
    boolean showConfig;

    @Override
    public Integer call() throws IOException {
        Path work = Files.createTempDirectory("signalbox-check");
        try {
            return check(work);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("signalbox check: " + e.getMessage());
            return 2;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private int check(Path work) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SIGNALBOX_MANIFESTS_DIR", dir.toString());
        env.put("SIGNALBOX_WORK_DIR", work.toString());
        RouterConfig config = RouterConfig.fromEnv(env);

        ManifestDirectory manifests = new ManifestDirectory(dir);
        List<SourceEvent> events = manifests.rescan();
        RouterState state = new RouterState(new RouteAdmission(config.admission()),
                new StatusBook(config.routerName(), config.canonicalHostname(), Clock.systemUTC(), Map.of()));
        events.forEach(e -> state.apply(e, new ArrayList<>()));

        RouterSnapshot snapshot = state.snapshot();
        RouterDaemon.prepareWorkDir(config);
        ConfigVerifier.Verified verified = new ConfigVerifier(new ConfigRenderer(config.render(), config.runtime()),
                new ConfigChecker(new ProcessRunner(), config.haproxyBinary(), ConfigChecker.DEFAULT_TIMEOUT),
                new ConfigGenerations(work)).verify(snapshot, Map.of());
        state.configChecked(snapshot, verified.rejected(), verified.staged().isPresent(), new ArrayList<>());

        List<RouteRow> rows = state.routeTable();
        out().print(RouteTable.format(rows));
        if (showConfig) {
            out().println();
            out().print(verified.config().config());
        }
        boolean failed = false;
        for (ManifestProblem problem : manifests.problems()) {
            out().println("manifest problem: " + problem.file() + ": " + problem.object() + ": " + problem.reason());
            failed = true;
        }
        long rejected = rows.stream().filter(r -> !r.status().equals("Admitted")).count();
        if (verified.staged().isEmpty()) {
            out().println("haproxy -c: failed: " + verified.failure());
            failed = true;
        } else {
            out().println("haproxy -c: the rendered configuration is valid");
        }
        out().printf("%d routes, %d admitted, %d rejected%n", rows.size(), rows.size() - rejected, rejected);
        return failed || rejected > 0 ? 1 : 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
