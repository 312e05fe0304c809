package io.signalbox.router.loop;

import io.signalbox.haproxy.ConfigChecker;
import io.signalbox.haproxy.HaproxyOptions;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.router.admission.RouteAdmission;
import io.signalbox.router.apply.ApplyResult;
import io.signalbox.router.apply.ConfigGenerations;
import io.signalbox.router.apply.ConfigVerifier;
import io.signalbox.router.apply.HaproxyApplier;
import io.signalbox.router.apply.HaproxySupervisor;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.source.ManifestDirectorySource;
import io.signalbox.router.source.RouteSource;
import io.signalbox.router.status.StatusBook;
import io.signalbox.router.status.StatusFiles;
import io.signalbox.router.status.StatusSink;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires source, loop, render, apply and status together for one router node, and takes them down again. */
public final class RouterDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterDaemon.class);
    private static final String ERROR_PAGE_RESOURCE = "/io/signalbox/haproxy/error-page-503.http";

    private final Vertx vertx;
    private final HaproxySupervisor haproxy;
    private final RouteSource source;
    private final RouterLoop loop;

    private RouterDaemon(Vertx vertx, HaproxySupervisor haproxy, RouteSource source, RouterLoop loop) {
        this.vertx = vertx;
        this.haproxy = haproxy;
        this.source = source;
        this.loop = loop;
    }

    /** Starts everything and waits (bounded) until the first config is applied. */
    public static RouterDaemon start(RouterConfig config, Duration firstApplyTimeout) throws IOException {
        Path workDir = config.workDir();
        Files.createDirectories(workDir.resolve("run"));
        Files.createDirectories(config.statusDir());
        Path errorPage = workDir.resolve("error-page-503.http");
        try (InputStream page = RouterDaemon.class.getResourceAsStream(ERROR_PAGE_RESOURCE)) {
            Files.copy(page, errorPage, StandardCopyOption.REPLACE_EXISTING);
        }
        ConfigGenerations generations = new ConfigGenerations(workDir);
        ConfigVerifier verifier = new ConfigVerifier(new ConfigRenderer(config.render()),
                new ConfigChecker(new ProcessRunner(), config.haproxyBinary(), ConfigChecker.DEFAULT_TIMEOUT), generations);
        HaproxySupervisor haproxy = new HaproxySupervisor(new HaproxyOptions(config.haproxyBinary(),
                generations.currentConfig(), workDir.resolve("run/master.sock"), workDir.resolve("run/haproxy.pid"),
                Map.of(ConfigVerifier.CONF_ENV, generations.currentDir().toString())));
        HaproxyApplier applier = new HaproxyApplier(verifier, generations, haproxy);

        StatusSink statusSink = statusSink(config);
        StatusBook book = new StatusBook(config.routerName(), config.canonicalHostname(), Clock.systemUTC(),
                statusSink.loadAll());
        Vertx vertx = Vertx.vertx();
        RouterLoop loop = new RouterLoop(vertx, new RouteAdmission(config.admission()), book, statusSink,
                applier::apply, config.reloadInterval().toMillis());
        RouteSource source = source(config);
        RouterDaemon daemon = new RouterDaemon(vertx, haproxy, source, loop);
        ApplyResult first;
        try {
            source.start(loop);
            first = loop.firstApply().toCompletionStage().toCompletableFuture()
                    .get(firstApplyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            daemon.close();
            throw new IOException("the router did not apply its first configuration: " + e, e);
        }
        // Without a first config nothing serves and nothing would retry: stop, say why, let the service manager retry.
        if (first instanceof ApplyResult.Failed failed) {
            daemon.close();
            throw new IOException("the first configuration could not be applied: " + failed.reason());
        }
        LOG.info("router {} serving HTTP on port {} from {}", config.routerName(), config.render().httpPort(),
                config.manifestsDir());
        return daemon;
    }

    /** Where routes come from. */
    private static RouteSource source(RouterConfig config) {
        return new ManifestDirectorySource(config.manifestsDir(), config.manifestsRescanInterval());
    }

    /** Where route status goes. */
    private static StatusSink statusSink(RouterConfig config) {
        return new StatusFiles(config.statusDir(), config.routerName());
    }

    public RouterLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        source.close();
        haproxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
