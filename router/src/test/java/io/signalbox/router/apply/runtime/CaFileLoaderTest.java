package io.signalbox.router.apply.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.HaproxyOptions;
import io.signalbox.haproxy.HaproxyProcess;
import io.signalbox.haproxy.UnixSocketCli;
import io.signalbox.router.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Loading CA files into a real HAProxy 2.6, so that add server can name them. */
@Timeout(60)
class CaFileLoaderTest {
    @TempDir
    Path dir;

    private HaproxyProcess haproxy;
    private UnixSocketCli admin;

    @BeforeEach
    void start() throws Exception {
        Path socket = dir.resolve("admin.sock");
        Path config = dir.resolve("haproxy.config");
        // No listener: the backend is only there to take servers at runtime.
        Files.writeString(config, """
                global
                  stats socket %s level admin
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 5s
                  timeout server 5s
                backend be_pool_reencrypt_1
                """.formatted(socket));
        haproxy = new HaproxyProcess(new HaproxyOptions("haproxy", config, dir.resolve("master.sock"),
                dir.resolve("haproxy.pid"), Map.of()));
        haproxy.start(Duration.ofSeconds(10));
        admin = new UnixSocketCli(socket, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        haproxy.stop(Duration.ZERO);
    }

    @Test
    void aLoadedCaFileCanBeNamedByAServerAddedAtRuntime() throws Exception {
        // Two CAs with a blank line between them, which the CLI would take for the end of the payload.
        String pem = TestCertificates.ca("Pod CA").certificatePem() + "\n\n"
                + TestCertificates.ca("Other CA").certificatePem();
        Path ca = Files.writeString(dir.resolve("pod-ca.pem"), pem);
        String addServer = "add server be_pool_reencrypt_1/pod 127.0.0.1:8443 ssl verify required ca-file " + ca;
        assertThat(admin.send(addServer)).as("before the load").contains("unable to load");

        CaFileLoader loader = new CaFileLoader(admin);
        assertThat(loader.load(List.of(ca.toString()))).isEmpty();

        assertThat(admin.send("show ssl ca-file")).contains(ca + " - 2 certificate(s)");
        assertThat(admin.send(addServer).strip()).isEqualTo("New server registered.");
        // Held already (a route that went named it): nothing to do.
        assertThat(loader.load(List.of(ca.toString()))).isEmpty();
    }

    @Test
    void aFileHaproxyCannotTakeIsReportedWithTheRefusedCommand() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "not a certificate\n");

        assertThat(new CaFileLoader(admin).load(List.of(notPem.toString()))).hasValueSatisfying(
                refused -> assertThat(refused).startsWith("'set ssl ca-file " + notPem + "': "));
        assertThat(new CaFileLoader(admin).load(List.of(dir.resolve("missing.pem").toString())))
                .hasValueSatisfying(refused -> assertThat(refused).contains("NoSuchFileException"));
    }
}
