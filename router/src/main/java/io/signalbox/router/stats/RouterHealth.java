package io.signalbox.router.stats;

import io.signalbox.haproxy.UnixSocketCli;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The router's health checks with OpenShift's names (SPEC §8). Liveness: {@code controller} and
 * {@code admin-socket} (HAProxy's runtime socket answers). Readiness: {@code backend-http} (the HTTP frontend
 * answers its monitor URI), {@code has-synced} (the first sync is applied) and {@code process-running} (no
 * shutdown under way).
 */
public final class RouterHealth {
    /** The path HAProxy's public frontend answers itself (monitor-uri in the template). */
    public static final String MONITOR_URI = "/_______internal_router_healthz";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private RouterHealth() {
    }

    public static List<HealthCheck> liveness(Path adminSocket) {
        return List.of(
                new HealthCheck("controller", Optional::empty),
                new HealthCheck("admin-socket", () -> adminSocket(adminSocket)));
    }

    public static List<HealthCheck> readiness(String httpHost, int httpPort, BooleanSupplier synced,
                                              BooleanSupplier shuttingDown) {
        URI probe = URI.create("http://" + (httpHost.contains(":") ? "[" + httpHost + "]" : httpHost) + ":"
                + httpPort + MONITOR_URI);
        return List.of(
                new HealthCheck("backend-http", () -> backendHttp(probe)),
                new HealthCheck("has-synced", () -> synced.getAsBoolean() ? Optional.empty()
                        : Optional.of("the first sync has not been applied yet")),
                new HealthCheck("process-running", () -> shuttingDown.getAsBoolean()
                        ? Optional.of("shutting down") : Optional.empty()));
    }

    private static Optional<String> adminSocket(Path socket) {
        try {
            String version = new UnixSocketCli(socket, TIMEOUT).send("show version");
            return version.isBlank() ? Optional.of("HAProxy's admin socket gave no answer") : Optional.empty();
        } catch (IOException e) {
            return Optional.of("HAProxy's admin socket " + socket + ": " + e.getMessage());
        }
    }

    private static Optional<String> backendHttp(URI probe) {
        try {
            HttpURLConnection connection = (HttpURLConnection) probe.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            int code = connection.getResponseCode();
            connection.disconnect();
            return code >= 200 && code < 400 ? Optional.empty() : Optional.of(probe + " answered " + code);
        } catch (IOException e) {
            return Optional.of(probe + ": " + e.getMessage());
        }
    }
}
