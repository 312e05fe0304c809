package io.signalbox.router.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The stats port (health, readiness, metrics) and graceful shutdown, with OpenShift's names.
 *
 * @param host           address to listen on ("0.0.0.0" unless ROUTER_LISTEN_ADDR names one)
 * @param port           STATS_PORT, or the port of ROUTER_LISTEN_ADDR
 * @param username       STATS_USERNAME (or the contents of STATS_USERNAME_FILE); empty = no auth on /metrics
 * @param tlsCertFile    ROUTER_METRICS_TLS_CERT_FILE: serve the port over TLS with this certificate
 */
public record StatsSettings(
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        Optional<Path> tlsCertFile,
        Optional<Path> tlsKeyFile,
        int serverThreshold,
        Duration gracefulShutdownDelay) {

    static StatsSettings fromEnv(EnvReader env) {
        String host = "0.0.0.0";
        int port = env.port("STATS_PORT", 1936);
        Optional<String> listen = env.get("ROUTER_LISTEN_ADDR");
        if (listen.isPresent()) {
            int colon = listen.get().lastIndexOf(':');
            if (colon < 0) {
                throw new ConfigException("ROUTER_LISTEN_ADDR=" + listen.get() + ": use host:port (or :port)");
            }
            String h = listen.get().substring(0, colon).replaceAll("^\\[|]$", "");
            host = h.isEmpty() ? host : h;
            port = EnvReader.portValue("ROUTER_LISTEN_ADDR", listen.get().substring(colon + 1));
        }
        Optional<String> username = secret(env, "STATS_USERNAME");
        Optional<String> password = secret(env, "STATS_PASSWORD");
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException("STATS_USERNAME and STATS_PASSWORD: set both or neither");
        }
        Optional<Path> cert = env.path("ROUTER_METRICS_TLS_CERT_FILE");
        Optional<Path> key = env.path("ROUTER_METRICS_TLS_KEY_FILE");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("ROUTER_METRICS_TLS_CERT_FILE and ROUTER_METRICS_TLS_KEY_FILE: set both or neither");
        }
        int threshold = env.positiveInt("ROUTER_METRICS_HAPROXY_SERVER_THRESHOLD", 500);
        Duration delay = env.goDuration("ROUTER_GRACEFUL_SHUTDOWN_DELAY", Duration.ofSeconds(45));
        return new StatsSettings(host, port, username, password, cert, key, threshold, delay);
    }

    /** The _FILE variant wins when both are set, as in OpenShift. */
    private static Optional<String> secret(EnvReader env, String name) {
        Optional<Path> file = env.path(name + "_FILE");
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(file.get()).strip());
            } catch (IOException e) {
                throw new ConfigException(name + "_FILE=" + file.get() + ": cannot read it: " + e.getMessage());
            }
        }
        return env.get(name);
    }
}
