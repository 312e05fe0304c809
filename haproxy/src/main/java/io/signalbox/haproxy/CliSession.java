package io.signalbox.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
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
 * One connection to a worker's CLI socket in interactive ({@code prompt}) mode, for many commands in a row: a
 * connection per command costs more than the command itself. HAProxy ends each reply with a {@code "\n> "} prompt,
 * and answers each line of a {@code <<} payload with {@code "+ "} before the reply. Not for the master socket.
 */
public final class CliSession implements Closeable {
    private static final String PROMPT = "\n> ";

    private final Path socket;
    private final Duration timeout;
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

    CliSession(Path socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.timeout = timeout;
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector opened = null;
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            opened = Selector.open();
            channel.register(opened, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            try (channel; Selector unused = opened) {
                throw e;
            }
        }
        this.selector = opened;
        try {
            send("prompt");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** HAProxy's reply to one command (without the prompt and payload markers), stripped. */
    public String send(String command) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer request = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        while (request.hasRemaining()) {
            if (channel.write(request) == 0) {
                Thread.onSpinWait(); // a full socket buffer drains in microseconds
                checkDeadline(deadline, command);
            }
        }
        String reply = readUntilPrompt(deadline, command);
        // One "+ " for every line after the command's own, the empty line that ends a payload included.
        String marker = "+ ".repeat((int) command.chars().filter(c -> c == '\n').count());
        if (reply.startsWith(marker)) {
            reply = reply.substring(marker.length());
        }
        return reply.substring(0, reply.length() - 2).strip();
    }

    private String readUntilPrompt(long deadline, String command) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while (true) {
            int read;
            while ((read = channel.read(buffer)) > 0) {
                reply.write(buffer.array(), 0, read);
                buffer.clear();
            }
            if (read < 0) {
                throw new EOFException("HAProxy closed " + socket + " while answering '" + firstLine(command) + "'");
            }
            String text = reply.toString(StandardCharsets.UTF_8);
            if (text.endsWith(PROMPT)) {
                return text;
            }
            long leftMillis = checkDeadline(deadline, command);
            selector.select(leftMillis);
            selector.selectedKeys().clear();
        }
    }

    private long checkDeadline(long deadline, String command) throws SocketTimeoutException {
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
            throw new SocketTimeoutException("no complete reply to '" + firstLine(command) + "' on " + socket
                    + " within " + timeout);
        }
        return leftMillis;
    }

    /** A payload may hold a private key: errors name the command line only. */
    private static String firstLine(String command) {
        return command.lines().findFirst().orElse("");
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            selector.close();
        }
    }
}
