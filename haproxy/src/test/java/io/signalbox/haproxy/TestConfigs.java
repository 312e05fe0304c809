package io.signalbox.haproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal HAProxy configurations for tests, and the free ports they listen on. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A frontend on 127.0.0.1:{@code port} answering every request with {@code status} and {@code body}, plus an
     * admin stats socket in {@code runDir}. The body may reference environment variables ({@code ${NAME}}).
     */
    static String httpReturn(Path runDir, int port, int status, String body) {
        return """
                global
                    stats socket %s/stats.sock mode 600 level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    http-request return status %d content-type text/plain string "%s"
                """.formatted(runDir, port, status, body);
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
