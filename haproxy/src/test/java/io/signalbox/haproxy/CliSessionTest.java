package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many commands over one interactive connection to a real HAProxy's admin socket. */
class CliSessionTest {
    @TempDir
    Path dir;

    private Process haproxy;
    private UnixSocketCli cli;

    @BeforeEach
    void start() throws Exception {
        Path config = TestConfigs.write(dir.resolve("haproxy.cfg"), TestConfigs.httpReturn(dir, TestConfigs.freePort(),
                200, "ok") + """
                backend be
                    balance roundrobin
                    server s1 127.0.0.1:1
                """);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        Path socket = dir.resolve("stats.sock");
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(20);
        }
        cli = new UnixSocketCli(socket, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        haproxy.destroy();
        haproxy.waitFor();
    }

    @Test
    void answersEachCommandInTurnWithoutThePrompt() throws Exception {
        try (CliSession session = cli.openSession()) {
            assertThat(session.send("add server be/s2 127.0.0.1:2 weight 3")).isEqualTo("New server registered.");
            assertThat(session.send("enable server be/s2")).isEmpty();
            assertThat(session.send("set server be/s2 weight 7")).isEmpty();
            assertThat(session.send("del server be/nope")).isEqualTo("No such server.");
            assertThat(session.send("disable server be/s2")).isEmpty();
            assertThat(session.send("del server be/s2")).isEqualTo("Server deleted.");
        }
        // What the session did is what HAProxy runs.
        assertThat(cli.send("show servers state be")).contains(" s1 ").doesNotContain(" s2 ");
    }

    @Test
    void aPayloadsLineMarkersAreNotPartOfTheReply() throws Exception {
        try (CliSession session = cli.openSession()) {
            String reply = session.send("set ssl cert /no/such.pem <<\nline one\nline two\n");
            assertThat(reply).startsWith("Can't replace a certificate which is not referenced");
            assertThat(session.send("show servers state be")).startsWith("1\n# be_id");
        }
    }

    @Test
    void aClosedConnectionFailsTheCommand() throws Exception {
        try (CliSession session = cli.openSession()) {
            haproxy.destroy();
            haproxy.waitFor();
            assertThatThrownBy(() -> session.send("show info")).isInstanceOf(IOException.class);
        }
    }
}
