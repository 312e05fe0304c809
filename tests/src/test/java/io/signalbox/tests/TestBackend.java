package io.signalbox.tests;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A pod stand-in on 127.0.0.1: answers "backend=NAME" and the path, and remembers the headers it was sent. */
final class TestBackend implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Map<String, List<String>>> seenHeaders = new ConcurrentLinkedQueue<>();

    TestBackend(String name) throws IOException {
        this(name, null);
    }

    /** With a TLS context the backend serves HTTPS, as a pod behind a passthrough or reencrypt route does. */
    TestBackend(String name, SSLContext tls) throws IOException {
        this.name = name;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            this.server = HttpServer.create(address, 512);
        } else {
            HttpsServer https = HttpsServer.create(address, 512);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/", exchange -> {
            seenHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] body = ("backend=" + name + "\npath=" + exchange.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "backend-" + name);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    ConcurrentLinkedQueue<Map<String, List<String>>> seenHeaders() {
        return seenHeaders;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
