package io.signalbox.router.stats;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.signalbox.router.config.StatsSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The stats port: {@code /healthz} (liveness), {@code /healthz/ready} (readiness), {@code /metrics} (Prometheus
 * text) and JSON views for the CLI ({@code /routes}, {@code /vips}). Health endpoints are open, as in OpenShift;
 * the others take HTTP basic auth when STATS_USERNAME and STATS_PASSWORD are set.
 */
public final class StatsServer {
    private final Vertx vertx;
    private final StatsSettings settings;
    private final List<HealthCheck> liveness;
    private final List<HealthCheck> readiness;
    private final PrometheusRegistry registry;
    private final Map<String, Supplier<Future<String>>> jsonEndpoints;
    private HttpServer server;

    public StatsServer(Vertx vertx, StatsSettings settings, List<HealthCheck> liveness, List<HealthCheck> readiness,
                       PrometheusRegistry registry, Map<String, Supplier<Future<String>>> jsonEndpoints) {
        this.vertx = vertx;
        this.settings = settings;
        this.liveness = List.copyOf(liveness);
        this.readiness = List.copyOf(readiness);
        this.registry = registry;
        this.jsonEndpoints = Map.copyOf(jsonEndpoints);
    }

    public Future<HttpServer> start() {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
        if (settings.tlsCertFile().isPresent()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(settings.tlsCertFile().get().toString())
                    .setKeyPath(settings.tlsKeyFile().orElseThrow().toString()));
        }
        return vertx.createHttpServer(options).requestHandler(this::handle).listen().onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/healthz" -> health(request, liveness);
            case "/healthz/ready" -> health(request, readiness);
            case "/metrics" -> authorized(request, () -> blocking(request, this::scrape, PrometheusTextFormatWriter.CONTENT_TYPE));
            default -> {
                Supplier<Future<String>> json = jsonEndpoints.get(request.path());
                if (json == null) {
                    request.response().setStatusCode(404).end("not found\n");
                } else {
                    authorized(request, () -> json.get().onComplete(done -> {
                        if (done.succeeded()) {
                            request.response().putHeader("Content-Type", "application/json").end(done.result());
                        } else {
                            request.response().setStatusCode(500).end(String.valueOf(done.cause()));
                        }
                    }));
                }
            }
        }
    }

    private void health(HttpServerRequest request, List<HealthCheck> checks) {
        vertx.executeBlocking(() -> HealthCheck.run(checks), false).onComplete(done -> {
            HealthCheck.Report report = done.succeeded() ? done.result()
                    : new HealthCheck.Report(false, "healthz check failed: " + done.cause() + "\n");
            request.response().setStatusCode(report.healthy() ? 200 : 500)
                    .putHeader("Content-Type", "text/plain; charset=utf-8").end(report.body());
        });
    }

    private void blocking(HttpServerRequest request, Callable<String> body, String contentType) {
        vertx.executeBlocking(body, false).onComplete(done -> {
            if (done.succeeded()) {
                request.response().putHeader("Content-Type", contentType).end(done.result());
            } else {
                request.response().setStatusCode(500).end(String.valueOf(done.cause()));
            }
        });
    }

    private String scrape() throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private void authorized(HttpServerRequest request, Runnable handler) {
        if (settings.username().isEmpty() || credentialsMatch(request.getHeader("Authorization"))) {
            handler.run();
            return;
        }
        request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"signalbox\"")
                .end("Unauthorized\n");
    }

    private boolean credentialsMatch(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String expected = settings.username().get() + ":" + settings.password().orElse("");
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Constant-time, so the comparison does not leak how much of the secret matched.
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
    }
}
