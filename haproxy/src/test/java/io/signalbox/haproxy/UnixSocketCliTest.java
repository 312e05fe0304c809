package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketCliTest {

    @TempDir
    Path dir;

    @Test
    void givesUpOnAServerThatNeverAnswers() throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            UnixSocketCli cli = new UnixSocketCli(socket, Duration.ofMillis(300));
            long start = System.nanoTime();

            // the kernel completes the connection from the backlog; nobody ever replies
            assertThatThrownBy(() -> cli.send("show info")).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void returnsTheWholeReplyOnceTheServerCloses() throws Exception {
        Path socket = dir.resolve("echo.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread replier = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(100)); // closing with the request unread would reset the client
                    client.write(ByteBuffer.wrap("line 1\nline 2\n\n".getBytes(StandardCharsets.UTF_8)));
                } catch (Exception ignored) {
                    // the test's assertion reports a missing reply
                }
            });
            replier.start();

            String reply = new UnixSocketCli(socket, Duration.ofSeconds(5)).send("show info");

            replier.join(5000);
            assertThat(reply).isEqualTo("line 1\nline 2\n\n");
        }
    }
}
