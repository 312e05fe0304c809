package io.signalbox.router.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.haproxy.ConfigChecker;
import io.signalbox.haproxy.HaproxyOptions;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.UnixSocketCli;
import io.signalbox.ipfailover.FailoverService;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ApplyResult;
import io.signalbox.router.apply.ConfigGenerations;
import io.signalbox.router.apply.ConfigVerifier;
import io.signalbox.router.apply.HaproxyApplier;
import io.signalbox.router.apply.WorkDirHealth;
import io.signalbox.router.apply.runtime.CaFileLoader;
import io.signalbox.router.apply.runtime.RuntimeApi;
import io.signalbox.router.apply.runtime.RuntimeApplier;
import io.signalbox.router.render.RuntimeSettings;
import io.signalbox.router.apply.HaproxySupervisor;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.source.KubeRouteSource;
import io.signalbox.router.source.ManifestDirectorySource;
import io.signalbox.router.source.ManifestParser;
import io.signalbox.router.source.ManifestProblem;
import io.signalbox.router.source.KubeConnection;
import io.signalbox.router.source.RouteSource;
import io.signalbox.router.state.RouteRow;
import io.signalbox.router.state.RouterState;
import io.signalbox.router.status.StatusBook;
import io.signalbox.router.status.StatusFiles;
import io.signalbox.router.status.StatusSink;
import io.signalbox.router.stats.HaproxyExporter;
import io.signalbox.router.stats.HealthCheck;
import io.signalbox.router.stats.RouterHealth;
import io.signalbox.router.stats.RouterMetrics;
import io.signalbox.router.stats.StatsServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires source, loop, render, apply and status together for one router node, and takes them down again.
 * HAProxy and keepalived do not depend on it: killed with SIGKILL, it leaves them serving, and the next daemon
 * adopts them (see README, "What survives a daemon crash").
 */
public final class RouterDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterDaemon.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MANIFEST_PROBLEMS_SHOWN = 10;
    private static final String ERROR_PAGE_RESOURCE = "/io/signalbox/haproxy/error-page-503.http";

    private final Vertx vertx;
    private final HaproxySupervisor haproxy;
    private final HaproxyApplier applier;
    private final RouteSource source;
    private final RouterLoop loop;
    private final StatsServer stats;
    private final AtomicBoolean shuttingDown;
    private final Optional<FailoverService> failover;
    private final Optional<NodeHealth> nodeHealth;

    private RouterDaemon(Vertx vertx, HaproxySupervisor haproxy, HaproxyApplier applier, RouteSource source,
                         RouterLoop loop, StatsServer stats, AtomicBoolean shuttingDown, Optional<FailoverService> failover) {
        this.vertx = vertx;
        this.haproxy = haproxy;
        this.applier = applier;
        this.source = source;
        this.loop = loop;
        this.stats = stats;
        this.shuttingDown = shuttingDown;
        this.failover = failover;
        this.nodeHealth = failover.map(NodeHealth::new);
        nodeHealth.ifPresent(health -> haproxy.onRunningChange(health::haproxy));
    }

    /** Starts everything and waits (bounded) until the first config is applied. */
    public static RouterDaemon start(RouterConfig config, Duration firstApplyTimeout) throws IOException {
        Path workDir = config.workDir();
        prepareWorkDir(config);
        ConfigGenerations generations = new ConfigGenerations(workDir);
        ConfigVerifier verifier = new ConfigVerifier(new ConfigRenderer(config.render(), config.runtime()),
                new ConfigChecker(new ProcessRunner(), config.haproxyBinary(), ConfigChecker.DEFAULT_TIMEOUT), generations);
        HaproxySupervisor haproxy = new HaproxySupervisor(new HaproxyOptions(config.haproxyBinary(),
                generations.currentConfig(), workDir.resolve("run/master.sock"), workDir.resolve("run/haproxy.pid"),
                Map.of(ConfigVerifier.CONF_ENV, generations.currentDir().toString())));
        RuntimeSettings runtime = config.runtime();
        UnixSocketCli admin = new UnixSocketCli(config.render().statsSocket(), Duration.ofSeconds(5));
        Optional<RuntimeApi> runtimeApi = runtime.runtimeApi()
                ? Optional.of(new RuntimeApi(new RuntimeApplier(admin, generations.currentDir()), new CaFileLoader(admin)))
                : Optional.empty();
        HaproxyApplier applier = new HaproxyApplier(verifier, generations, haproxy, runtimeApi, config.reloadInterval());

        RouteSource source = source(config);
        StatusSink statusSink = statusSink(config, source);
        StatusBook book = new StatusBook(config.routerName(), config.canonicalHostname(), Clock.systemUTC(),
                statusSink.loadAll());
        Vertx vertx = Vertx.vertx();
        RouterMetrics metrics = new RouterMetrics();
        Path adminSocket = config.render().statsSocket();
        metrics.registry().register(new HaproxyExporter(
                () -> new UnixSocketCli(adminSocket, Duration.ofSeconds(5)).send("show stat"),
                config.stats().serverThreshold(), applier::openshiftName));
        WorkDirHealth workDirHealth = new WorkDirHealth(workDir, Clock.systemUTC());
        RouterLoop loop = new RouterLoop(vertx, new RouterState(new RouteAdmission(config.admission()), book),
                statusSink, applier::apply, runtime.runtimeApi() ? 0 : config.reloadInterval().toMillis(), metrics,
                workDirHealth);
        applier.reportOwnReloadsTo(loop::reloadedByApplier);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        metrics.readiness(() -> loop.isServing() && haproxy.isRunning() && !shuttingDown.get());
        metrics.oldWorkers(haproxy::oldWorkers);
        metrics.workDir(workDirHealth::writable);
        metrics.haproxyUp(haproxy::isRunning);
        haproxy.onStart(metrics::haproxyStarted);
        String probeHost = config.render().bindAddress().isEmpty() ? "127.0.0.1" : config.render().bindAddress();
        Optional<FailoverService> failover = config.failover().map(FailoverService::new);
        failover.ifPresent(f -> metrics.failover(f::vipStates, () -> f.keepalivedPid().isPresent()));
        failover.ifPresent(f -> f.onKeepalivedStart(metrics::keepalivedStarted));
        Map<String, Supplier<Future<String>>> views = new HashMap<>();
        views.put("/routes", () -> loop.routeTable().map(RouterDaemon::json));
        views.put("/vips", () -> Future.succeededFuture(json(failover.map(VipRow::of).orElse(List.of()))));
        List<HealthCheck> readiness = new ArrayList<>(
                RouterHealth.readiness(probeHost, config.render().httpPort(), loop::isServing, shuttingDown::get));
        // Why HAProxy is down (crashed, restarting), said in its own words rather than as a refused probe.
        readiness.add(new HealthCheck("haproxy-running", haproxy::notRunning));
        // A disk that takes no writes does not make the router unready either (it serves the last good config).
        readiness.add(HealthCheck.informational("work-dir", workDirHealth::note));
        if (source instanceof ManifestDirectorySource manifests) {
            // A bad file keeps its last good objects serving: worth seeing, not a reason to take the node out.
            readiness.add(HealthCheck.informational("manifests", () -> describe(manifests.problems())));
            metrics.manifestProblems(() -> manifests.problems().size());
        }
        if (source instanceof KubeRouteSource kube) {
            // An API outage does not make the router unready (it serves what it last knew) but must show.
            readiness.add(HealthCheck.informational("api-connection", () -> describe(kube.connection())));
            metrics.apiConnection(() -> kube.connection().state() == KubeConnection.State.CONNECTED);
        }
        StatsServer stats = new StatsServer(vertx, config.stats(), RouterHealth.liveness(adminSocket), readiness,
                metrics.registry(), views);
        RouterDaemon daemon = new RouterDaemon(vertx, haproxy, applier, source, loop, stats, shuttingDown, failover);
        ApplyResult first;
        boolean adopted = false;
        try {
            stats.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            // After a crash of the daemon, HAProxy kept serving: take it over rather than start a second master.
            adopted = haproxy.adopt();
            if (adopted) {
                applier.adoptRunning();
            } else if (!config.bindPortsAfterSync()) {
                listenBeforeSync(applier);
            }
            source.start(loop);
            first = loop.firstApply().toCompletionStage().toCompletableFuture()
                    .get(firstApplyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            daemon.close(!adopted);
            throw e;
        } catch (Exception e) {
            daemon.close(!adopted);
            throw new IOException("the router did not apply its first configuration: " + e, e);
        }
        // Without a first config nothing serves and nothing would retry: stop, say why, let the service manager retry.
        // An adopted HAProxy serves the previous config meanwhile: it is left running for the next daemon to adopt.
        if (first instanceof ApplyResult.Failed failed) {
            daemon.close(!adopted);
            throw new IOException("the first configuration could not be applied: " + failed.reason());
        }
        daemon.startFailover();
        LOG.info("router {} serving HTTP on port {} from {}", config.routerName(), config.render().httpPort(),
                config.kube().isPresent() ? "the Kubernetes API" : config.manifestsDir());
        return daemon;
    }

    /**
     * OpenShift's default: HAProxy listens before the routes are known and answers 503 for every host until the first
     * sync is applied (ROUTER_BIND_PORTS_AFTER_SYNC=true waits instead). Readiness and VIPs still wait for the sync.
     */
    private static void listenBeforeSync(HaproxyApplier applier) throws IOException {
        if (applier.listenBeforeSync() instanceof ApplyResult.Failed failed) {
            throw new IOException("the first configuration could not be applied: " + failed.reason());
        }
        LOG.info("HAProxy listening before the first sync (ROUTER_BIND_PORTS_AFTER_SYNC is not \"true\")");
    }

    /** keepalived joins once HAProxy serves the first sync, so this node never takes a VIP it cannot serve. */
    private void startFailover() throws IOException {
        if (failover.isEmpty()) {
            return;
        }
        try {
            failover.get().start();
        } catch (IOException | RuntimeException e) {
            close();
            throw new IOException("IP failover did not start: " + e.getMessage(), e);
        }
        nodeHealth.get().serving();
    }

    /** Creates the working folders and installs the shipped 503 page, which the rendered config refers to. */
    public static void prepareWorkDir(RouterConfig config) throws IOException {
        Files.createDirectories(config.workDir().resolve("run"));
        Files.createDirectories(config.statusDir());
        try (InputStream page = RouterDaemon.class.getResourceAsStream(ERROR_PAGE_RESOURCE)) {
            Files.copy(page, config.workDir().resolve("error-page-503.http"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Where routes come from: the manifests folder, or else the cluster. */
    private static RouteSource source(RouterConfig config) {
        return config.kube().isPresent() ? KubeRouteSource.connect(config.kube().get(), config.workDir())
                : new ManifestDirectorySource(config.manifestsDir(), config.manifestsRescanInterval(),
                        new ManifestParser(config.manifestMaxBytes()));
    }

    /** Where route status goes: the Route objects with a cluster, status files otherwise. */
    private static StatusSink statusSink(RouterConfig config, RouteSource source) {
        return source instanceof KubeRouteSource kube ? kube.statusSink(config.routerName())
                : new StatusFiles(config.statusDir(), config.routerName());
    }

    public RouterLoop loop() {
        return loop;
    }

    /** The port the stats server listens on (useful when STATS_PORT asked for any free port). */
    public int statsPort() {
        return stats.actualPort();
    }

    /**
     * A graceful stop (SIGTERM): readiness fails at once so load balancers stop sending new clients, the delay
     * lets them notice, then HAProxy drains its connections and everything stops.
     */
    public void shutdown(Duration delay) {
        shuttingDown.set(true);
        // Unhealthy now: keepalived goes to FAULT and hands the VIPs over while HAProxy still drains the delay.
        nodeHealth.ifPresent(NodeHealth::shuttingDown);
        LOG.info("shutting down: not ready; handing over VIPs and stopping in {} s", delay.toSeconds());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }



    /** "" without problems, else how many and the first few, each with its file and reason. */
    private static String describe(List<ManifestProblem> problems) {
        if (problems.isEmpty()) {
            return "";
        }
        List<String> shown = problems.stream().limit(MANIFEST_PROBLEMS_SHOWN).map(ManifestProblem::toString).toList();
        return problems.size() + " problem(s), the last good objects of these files keep serving: "
                + String.join("; ", shown) + (problems.size() > shown.size() ? "; ..." : "");
    }

    private static String describe(KubeConnection connection) {
        return connection.state().name().toLowerCase(java.util.Locale.ROOT) + " since " + connection.since()
                + (connection.lastError().isEmpty() ? "" : "; last error: " + connection.lastError());
    }

    private static void handOver(FailoverService failover) {
        try {
            failover.close();
        } catch (IOException e) {
            LOG.warn("handing over VIPs: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String json(List<?> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("table rows are plain records", e);
        }
    }

    @Override
    public void close() {
        close(true);
    }

    /** @param stopHaproxy false to leave HAProxy serving (and unsupervised) for the next daemon to adopt */
    private void close(boolean stopHaproxy) {
        shuttingDown.set(true);
        // VIPs go first (a priority-0 advert moves them at once), then HAProxy drains what it still has.
        failover.ifPresent(RouterDaemon::handOver);
        source.close();
        stats.close();
        // An apply still running finishes first, so nothing writes the work folder or starts HAProxy afterwards.
        applier.close();
        if (stopHaproxy) {
            haproxy.close();
        } else {
            haproxy.release();
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
