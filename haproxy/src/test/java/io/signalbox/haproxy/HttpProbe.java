package io.signalbox.haproxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 GET on a fresh connection ({@code Connection: close}), so every request tests the listener. */
final class HttpProbe {

    record Response(int status, String body) {
    }

    private HttpProbe() {
    }

    static Response get(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(
                    "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = reply.indexOf("\r\n\r\n");
            if (!reply.startsWith("HTTP/1.1 ") || headerEnd < 0) {
                throw new IOException("not an HTTP response: '" + reply + "'");
            }
            return new Response(Integer.parseInt(reply.substring(9, 12)), reply.substring(headerEnd + 4));
        }
    }
}
