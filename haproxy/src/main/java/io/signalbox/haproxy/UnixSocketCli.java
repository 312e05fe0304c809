package io.signalbox.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sends one command line to an HAProxy CLI unix socket (the master socket of {@code -S}, or a worker's
 * {@code stats socket}) and returns the whole reply. Several commands may be joined with {@code ;}; through the
 * master socket, prefix {@code @1} / {@code @!<pid>} to reach a worker.
 */
public final class UnixSocketCli {

    private final Path socket;
    private final Duration timeout;

    public UnixSocketCli(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    public Path socket() {
        return socket;
    }

    /** An interactive connection for several commands in a row (a worker's socket only); each has the timeout. */
    public CliSession openSession() throws IOException {
        return new CliSession(socket, timeout);
    }

    /** The reply, as HAProxy wrote it, once HAProxy closes the connection; fails after the timeout. */
    public String send(String command) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            // The 2.6 master CLI keeps the connection open after its reply until it sees our end of input.
            channel.shutdownOutput();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            return readUntilClosed(channel, selector, deadline, command);
        }
    }

    private String readUntilClosed(SocketChannel channel, Selector selector, long deadline, String command)
            throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (true) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new SocketTimeoutException("no complete reply to '" + command + "' on " + socket
                        + " within " + timeout);
            }
            selector.select(leftMillis);
            selector.selectedKeys().clear();
            int read;
            while ((read = channel.read(buffer)) > 0) {
                reply.write(buffer.array(), 0, read);
                buffer.clear();
            }
            if (read < 0) {
                return reply.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
