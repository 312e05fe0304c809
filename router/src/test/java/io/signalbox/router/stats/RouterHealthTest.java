package io.signalbox.router.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterHealthTest {
    @TempDir
    Path dir;

    @Test
    void livenessFailsNamingTheSocketWhenHaproxyDoesNotAnswer() {
        HealthCheck.Report report = HealthCheck.run(RouterHealth.liveness(dir.resolve("haproxy.sock")));
        assertThat(report.healthy()).isFalse();
        assertThat(report.body()).contains("[+]controller ok").contains("[-]admin-socket failed: HAProxy's admin socket "
                + dir.resolve("haproxy.sock"));
    }

    @Test
    void readinessFollowsSyncServingAndShutdown() throws Exception {
        HttpServer frontend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        frontend.createContext(RouterHealth.MONITOR_URI, exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        frontend.start();
        try {
            AtomicBoolean synced = new AtomicBoolean();
            AtomicBoolean stopping = new AtomicBoolean();
            var checks = RouterHealth.readiness("127.0.0.1", frontend.getAddress().getPort(), synced::get, stopping::get);

            HealthCheck.Report beforeSync = HealthCheck.run(checks);
            assertThat(beforeSync.healthy()).isFalse();
            assertThat(beforeSync.body()).contains("[+]backend-http ok", "[-]has-synced failed");

            synced.set(true);
            assertThat(HealthCheck.run(checks).healthy()).isTrue();

            stopping.set(true);
            assertThat(HealthCheck.run(checks).body()).contains("[-]process-running failed: shutting down");
        } finally {
            frontend.stop(0);
        }
    }

    @Test
    void readinessFailsWhenTheHttpFrontendDoesNotAnswer() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HealthCheck.Report report = HealthCheck.run(RouterHealth.readiness("127.0.0.1", closedPort, () -> true, () -> false));
        assertThat(report.healthy()).isFalse();
        assertThat(report.body()).contains("[-]backend-http failed: http://127.0.0.1:" + closedPort + RouterHealth.MONITOR_URI);
    }
}
