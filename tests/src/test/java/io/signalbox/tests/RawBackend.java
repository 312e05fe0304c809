package io.signalbox.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pod stand-in on 127.0.0.1 that sees requests as bytes (header names in the case they arrived), answers each after
 * a delay with those header lines as the body, counts how many it served at once, and answers an Upgrade request with
 * 101 and then holds the connection silently open, as a WebSocket server waiting for its client.
 */
final class RawBackend implements AutoCloseable {
    private final ServerSocket server;
    private final long delayMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-backend");
        t.setDaemon(true);
        return t;
    });

    RawBackend(long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        workers.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The most requests this pod was serving at the same time. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                workers.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            String head = readHead(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (head.toLowerCase().contains("\r\nupgrade:")) {
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + webSocketAccept(head) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // Silent until either side closes: only the router's tunnel timeout ends this.
                client.getInputStream().transferTo(OutputStream.nullOutputStream());
                return;
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delayMillis);
            } finally {
                inFlight.decrementAndGet();
            }
            byte[] body = head.getBytes(StandardCharsets.ISO_8859_1);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the router closed the connection (a timeout): nothing more to answer
        }
    }

    /** RFC 6455's answer to the client's Sec-WebSocket-Key, which HAProxy checks before it lets the tunnel open. */
    private static String webSocketAccept(String head) {
        String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request line and headers, up to the empty line (bounded to 64 KiB). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (head.size() < 65536 && (b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
