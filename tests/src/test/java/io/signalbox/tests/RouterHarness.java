package io.signalbox.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.haproxy.MasterProcessList;
import io.signalbox.haproxy.UnixSocketCli;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.loop.RouterDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real daemon (and so a real HAProxy) on a loopback port with a manifests folder of its own, and talks
 * HTTP to it the way a client would.
 */
final class RouterHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MASTER_WAIT = Duration.ofSeconds(60);

    final Path manifests;
    final Path workDir;
    final int httpPort;
    final int httpsPort;
    final int statsPort;
    private final Map<String, String> env = new HashMap<>();
    private volatile RouterDaemon daemon;

    RouterHarness(Path root) throws IOException {
        this.manifests = Files.createDirectories(root.resolve("manifests"));
        this.workDir = Files.createDirectories(root.resolve("work"));
        this.httpPort = freePort();
        this.httpsPort = freePort();
        env.put("SIGNALBOX_MANIFESTS_DIR", manifests.toString());
        env.put("SIGNALBOX_WORK_DIR", workDir.toString());
        env.put("ROUTER_SERVICE_HTTP_PORT", Integer.toString(httpPort));
        env.put("ROUTER_SERVICE_HTTPS_PORT", Integer.toString(httpsPort));
        env.put("SIGNALBOX_BIND_ADDRESS", "127.0.0.1");
        env.put("ROUTER_SERVICE_NAME", "default");
        this.statsPort = freePort();
        env.put("ROUTER_LISTEN_ADDR", "127.0.0.1:" + statsPort);
        env.put("SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS", "true");
        env.put("RELOAD_INTERVAL", "200ms");
        // The default 50000 needs a higher open-files limit than a test runner has.
        env.put("ROUTER_MAX_CONNECTIONS", "4000");
    }

    /** The settings the daemon starts with. */
    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    RouterHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Serves a Kubernetes API instead of the manifests folder. */
    RouterHarness cluster(String masterUrl) {
        env.remove("SIGNALBOX_MANIFESTS_DIR");
        env.put("KUBERNETES_MASTER", masterUrl);
        return this;
    }

    RouterHarness start() throws IOException {
        daemon = RouterDaemon.start(RouterConfig.fromEnv(env), Duration.ofSeconds(60));
        return this;
    }

    /** Writes a manifest file the way an editor would: to a temporary name, then renamed into place. */
    void write(String file, String... manifests) throws IOException {
        Path tmp = this.manifests.resolve("." + file + ".tmp");
        Files.writeString(tmp, String.join("\n---\n", manifests));
        Files.move(tmp, this.manifests.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete(String file) throws IOException {
        Files.deleteIfExists(manifests.resolve(file));
    }

    /** A response as the client saw it. */
    record Response(int status, String headers, String body) {
        String backend() {
            return body.lines().filter(l -> l.startsWith("backend=")).map(l -> l.substring(8)).findFirst().orElse("");
        }

        /** A raw HTTP/1.x response: status line and headers, then the body. */
        static Response parse(String raw) {
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : raw.substring(split + 4);
            String[] statusLine = head.split(" ", 3);
            return new Response(Integer.parseInt(statusLine[1]), head, body);
        }

        /** The first value of a header, "" when absent. */
        String header(String name) {
            return headers.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse("");
        }
    }

    /** GET with a raw Host header over a fresh connection (HTTP/1.1, Connection: close). */
    Response get(String host, String path) throws IOException {
        return get(host, path, "");
    }

    /** As above with extra header lines, each ending in CRLF ("Cookie: a=b\r\n"). */
    Response get(String host, String path, String extraHeaders) throws IOException {
        return Response.parse(raw(host, path, extraHeaders));
    }

    /** Everything the router sent back: "" when it closed the connection without an HTTP response. */
    String raw(String host, String path, String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            // The address HAProxy binds: 127.0.0.1 unless a test binds it elsewhere on loopback (::1).
            socket.connect(new InetSocketAddress(env.get("SIGNALBOX_BIND_ADDRESS"), httpPort), 2000);
            socket.setSoTimeout(10000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Polls until the response for host+path satisfies the check; the last response when time runs out. */
    Response await(String host, String path, Predicate<Response> check) throws Exception {
        return await(host, path, check, Duration.ofSeconds(15));
    }

    /** As above, waiting at most {@code limit}. */
    Response await(String host, String path, Predicate<Response> check, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(host, path);
                if (check.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                last = new Response(-1, e.toString(), "");
            }
            Thread.sleep(50);
        }
        return last;
    }

    /** This router's Admitted condition of a route, from the status folder, once the file exists. */
    Optional<JsonNode> admitted(String ns, String name) throws IOException {
        Path file = workDir.resolve("status").resolve(ns).resolve(name + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        for (JsonNode entry : JSON.readTree(file.toFile()).path("status").path("ingress")) {
            if ("default".equals(entry.path("routerName").asText())) {
                return Optional.of(entry.path("conditions").path(0));
            }
        }
        return Optional.empty();
    }

    /** Polls the status folder until the route's Admitted condition satisfies the check. */
    JsonNode awaitAdmitted(String ns, String name, Predicate<JsonNode> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Optional<JsonNode> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = admitted(ns, name);
            if (last.isPresent() && check.test(last.get())) {
                return last.get();
            }
            Thread.sleep(50);
        }
        return last.orElse(JSON.nullNode());
    }

    /** Polls until HAProxy's current config has the route's backend, so the route is known to be applied. */
    String awaitBackend(String ns, String name) throws Exception {
        return awaitBackend("be_http", ns, name);
    }

    /** As above for a backend of another kind: be_edge_http, be_secure or be_tcp. */
    String awaitBackend(String kind, String ns, String name) throws Exception {
        Path config = workDir.resolve("conf/haproxy.config");
        String marker = "backend " + kind + ":" + ns + ":" + name + "\n";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(config)) {
                String text = Files.readString(config);
                int at = text.indexOf(marker);
                int routeComment = text.indexOf("\n  # route " + ns + "/" + name + "\n");
                if (at < 0 && routeComment >= 0) {
                    // A route added while HAProxy ran lives in a spare pool backend (be_pool_*), marked by a comment.
                    at = text.lastIndexOf("\nbackend ", routeComment) + 1;
                }
                if (at >= 0) {
                    int end = text.indexOf("\nbackend ", at + 1);
                    // Applied means the reload finished too: the route's host answers from this config.
                    Thread.sleep(300);
                    return text.substring(at, end < 0 ? text.length() : end);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backend for " + ns + "/" + name + " never appeared in " + config);
    }

    /**
     * The body of a GET on the stats port (health, readiness, metrics), whatever the status (readiness fails with
     * 500); "" while nothing listens there.
     */
    String stats(String path) throws IOException {
        // One request: a second one to read an error body could see another state than the first.
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                "http://127.0.0.1:" + statsPort + path).toURL().openConnection();
        try {
            int status;
            try {
                status = c.getResponseCode();
            } catch (java.net.ConnectException notListening) {
                return "";
            }
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }

    /** The value of one series (name and labels as exported) in a /metrics page; 0 when it is not there. */
    static double metric(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Polls a value until it satisfies the check; the last value when time runs out. */
    <T> T await(java.util.concurrent.Callable<T> value, Predicate<T> check) throws Exception {
        return await(value, check, Duration.ofSeconds(15));
    }

    /** As above, waiting at most {@code limit}. */
    <T> T await(java.util.concurrent.Callable<T> value, Predicate<T> check, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = value.call();
        while (!check.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = value.call();
        }
        return last;
    }

    /**
     * The master's process list; retried while the master re-executes itself for a reload (at 10,000 routes on a busy
     * machine that takes seconds).
     */
    MasterProcessList masterProcesses() throws Exception {
        UnixSocketCli master = new UnixSocketCli(workDir.resolve("run/master.sock"), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + MASTER_WAIT.toNanos();
        Exception last = new IOException("the master lists no worker");
        while (System.nanoTime() < deadline) {
            try {
                MasterProcessList list = MasterProcessList.parse(master.send("show proc"));
                if (!list.workers().isEmpty()) {
                    return list;
                }
            } catch (IOException | IllegalArgumentException e) {
                last = e;
            }
            Thread.sleep(5);
        }
        throw last;
    }

    /** Reloads HAProxy's master has done since it started. */
    int reloads() throws Exception {
        return masterProcesses().reloads();
    }

    /**
     * A reload from outside the router (as an operator or a restart would), from the files on disk; returns once a
     * new worker runs.
     */
    void forceReload() throws Exception {
        MasterProcessList before = masterProcesses();
        askForReload();
        long deadline = System.nanoTime() + MASTER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (masterProcesses().workers().stream().anyMatch(pid -> !before.workers().contains(pid))) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no new HAProxy worker after a forced reload");
    }

    /** Asks the master to reload from the files on disk, as an operator would, and returns at once. */
    void askForReload() {
        try {
            new UnixSocketCli(workDir.resolve("run/master.sock"), Duration.ofSeconds(5)).send("reload");
        } catch (IOException expected) {
            // the 2.6 master drops the connection as it re-executes
        }
    }

    /** The pid of the live HAProxy master, from its pid file; waits (bounded) for one to be there. */
    long masterPid() throws Exception {
        Path pidFile = workDir.resolve("run/haproxy.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    long pid = Long.parseLong(text.lines().findFirst().orElseThrow());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return pid;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no live HAProxy master in " + pidFile);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A graceful stop, as on SIGTERM. */
    void shutdown(Duration delay) {
        daemon.shutdown(delay);
        daemon = null;
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
    }
}
