package io.signalbox.tests.failover;

import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.StartedProcess;
import io.signalbox.tests.DaemonJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Three router nodes and a client on one bridge, each in a network namespace of its own (192.0.2.0/24 only):
 * r1 .11, r2 .12, r3 .13, client .200; VIP1 192.0.2.100 (home r1), VIP2 192.0.2.101 (home r2), r3 standby.
 * Unlike {@link FailoverLab}, each node runs the whole daemon ({@code signalbox run}) as a JVM of its own inside its
 * namespace, with a manifests folder that routes {@value #HOST} to a backend on that node's 127.0.0.1 answering
 * the node's name. Everything created is named with this lab's id and removed by {@link #close()}, also at JVM exit.
 */
final class DaemonLab implements AutoCloseable {
    static final List<String> NODES = List.of("r1", "r2", "r3");
    static final String VIP1 = "192.0.2.100";
    static final String VIP2 = "192.0.2.101";
    static final String HOST = "app.example.com";
    static final int STATS_PORT = 1936;
    private static final int BACKEND_PORT = 9000;
    private static final Map<String, String> ADDRESS = Map.of("r1", "192.0.2.11", "r2", "192.0.2.12",
            "r3", "192.0.2.13", "client", "192.0.2.200");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    final ProcessRunner runner = new ProcessRunner();
    private final String id = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
    private final Path root;
    private final Map<String, DaemonJvm> daemons = new LinkedHashMap<>();
    private final Map<String, Process> backends = new HashMap<>();
    private final List<String> namespaces = new ArrayList<>();
    private final Thread cleanupAtExit = new Thread(this::closeQuietly, "daemon-lab-cleanup");

    DaemonLab() throws IOException {
        // keepalived.conf only takes plain paths: a temp dir name is letters, digits and '-'
        root = Files.createTempDirectory("daemon-failover-");
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    String ns(String node) {
        return "sbdf" + id + "-" + node;
    }

    Path workDir(String node) {
        return root.resolve("work-" + node);
    }

    /** Namespaces, bridge, addresses, ip_nonlocal_bind, each node's backend and manifests; no daemon yet. */
    DaemonLab up() throws IOException {
        String sw = ns("sw");
        addNamespace(sw);
        run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", sw, "link", "set", "br0", "up");
        for (String node : Stream.concat(NODES.stream(), Stream.of("client")).toList()) {
            addNamespace(ns(node));
            run("ip", "-n", sw, "link", "add", "p-" + node, "type", "veth", "peer", "name", "eth0", "netns", ns(node));
            run("ip", "-n", sw, "link", "set", "p-" + node, "master", "br0", "up");
            run("ip", "-n", ns(node), "link", "set", "lo", "up");
            run("ip", "-n", ns(node), "addr", "add", ADDRESS.get(node) + "/24", "dev", "eth0");
            run("ip", "-n", ns(node), "link", "set", "eth0", "up");
        }
        for (String node : NODES) {
            // README "Node setup": HAProxy may bind VIPs it does not hold yet.
            run("ip", "netns", "exec", ns(node), "sysctl", "-qw", "net.ipv4.ip_nonlocal_bind=1");
            startBackend(node);
            writeManifests(node);
        }
        return this;
    }

    /** The daemon's settings for {@code node}, as an operator would set them. */
    Map<String, String> env(String node) {
        Map<String, String> env = new HashMap<>();
        env.put("SIGNALBOX_MANIFESTS_DIR", root.resolve("manifests-" + node).toString());
        env.put("SIGNALBOX_WORK_DIR", workDir(node).toString());
        env.put("SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS", "true");
        env.put("ROUTER_SERVICE_HTTP_PORT", "80");
        env.put("ROUTER_SERVICE_HTTPS_PORT", "443");
        env.put("STATS_PORT", Integer.toString(STATS_PORT));
        env.put("RELOAD_INTERVAL", "200ms");
        env.put("ROUTER_MAX_CONNECTIONS", "4000");
        env.put("ROUTER_GRACEFUL_SHUTDOWN_DELAY", "0s");
        env.put("OPENSHIFT_HA_VIRTUAL_IPS", VIP1 + "-" + VIP2.substring(VIP2.lastIndexOf('.') + 1));
        env.put("OPENSHIFT_HA_NETWORK_INTERFACE", "eth0");
        env.put("SIGNALBOX_HA_NODES", String.join(",", NODES.stream().map(ADDRESS::get).toList()));
        env.put("SIGNALBOX_HA_NODE", ADDRESS.get(node));
        // The default preempt_delay 300 lets a node that joins or heals after a lower-priority node took its VIP
        // wait 300 s before taking it back; with parallel starts that decides placement by start order. 0 makes
        // the ladder decide at once, which is what the test checks.
        env.put("OPENSHIFT_HA_PREEMPTION", "preempt_delay 0");
        return env;
    }

    /**
     * Starts {@code signalbox run} in the node's namespace; {@code ip netns exec} execs, so the pid is the JVM's.
     * A node's earlier daemon (if any) must be gone: this one replaces it in the lab, log included.
     */
    Process startDaemon(String node, Map<String, String> overrides) throws IOException {
        Map<String, String> env = env(node);
        env.putAll(overrides);
        DaemonJvm started = DaemonJvm.start(List.of("ip", "netns", "exec", ns(node)), env);
        daemons.put(node, started);
        return started.process();
    }

    Process daemon(String node) {
        return daemons.get(node).process();
    }

    /** The node's daemon, to kill it as a crash would. */
    DaemonJvm daemonJvm(String node) {
        return daemons.get(node);
    }

    /** keepalived's pid as the node's keepalived wrote it, if it runs. */
    Optional<Long> keepalivedPid(String node) {
        try {
            String text = Files.readString(workDir(node).resolve("ipfailover/keepalived.pid")).trim();
            return text.matches("[0-9]+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The HAProxy master's pid as the daemon wrote it, if HAProxy runs. */
    Optional<Long> haproxyMasterPid(String node) {
        try {
            String text = Files.readString(workDir(node).resolve("run/haproxy.pid")).trim();
            return text.matches("[0-9]+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** GET on the node's own stats port, from inside its namespace; empty when it does not answer 200. */
    Optional<String> stats(String node, String path) throws IOException {
        ExecResult got = runner.run(List.of("ip", "netns", "exec", ns(node), "curl", "-sf", "--max-time", "2",
                "http://127.0.0.1:" + STATS_PORT + path), Map.of(), COMMAND_TIMEOUT);
        return got.succeeded() ? Optional.of(got.output()) : Optional.empty();
    }

    /** The node's metric lines starting with a prefix, filtered on the node (a whole scrape can exceed what we capture). */
    Optional<String> metrics(String node, String prefix) throws IOException {
        ExecResult got = runner.run(List.of("ip", "netns", "exec", ns(node), "sh", "-c",
                "curl -sf --max-time 2 http://127.0.0.1:" + STATS_PORT + "/metrics | grep '^" + prefix + "'"),
                Map.of(), COMMAND_TIMEOUT);
        return got.succeeded() ? Optional.of(got.output()) : Optional.empty();
    }

    /** {@code signalbox vips} as an operator runs it on the node. */
    ExecResult vipsCommand(String node) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return runner.run(List.of("ip", "netns", "exec", ns(node), java, "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.signalbox.router.cli.Signalbox", "vips", "--url", "http://127.0.0.1:" + STATS_PORT),
                Map.of(), Duration.ofSeconds(30));
    }

    /** The nodes that hold {@code vip} on eth0 right now. */
    List<String> holders(String vip) throws IOException {
        List<String> holders = new ArrayList<>();
        for (String node : NODES) {
            if (addresses(node).contains(" " + vip + "/32 ")) {
                holders.add(node);
            }
        }
        return holders;
    }

    /** {@code ip -o addr show} on the node's eth0. */
    String addresses(String node) throws IOException {
        return runner.run(List.of("ip", "-n", ns(node), "-o", "-4", "addr", "show", "dev", "eth0"), Map.of(),
                COMMAND_TIMEOUT).output();
    }

    /** The body of an HTTP 200 the client got through {@code vip} for the route's host, if it got one. */
    Optional<String> answerThrough(String vip, Duration maxTime) throws IOException {
        ExecResult got = runner.run(List.of("ip", "netns", "exec", ns("client"), "curl", "-sf",
                "--max-time", Double.toString(maxTime.toMillis() / 1000.0), "-H", "Host: " + HOST,
                "http://" + vip + "/"), Map.of(), COMMAND_TIMEOUT);
        return got.succeeded() ? Optional.of(got.output().strip()) : Optional.empty();
    }

    /** Pids of processes still running with the node's working directory in their command line (HAProxy, keepalived). */
    List<Long> processesOf(String node) {
        return processesMentioning(workDir(node).toString());
    }

    /** The lines the node's daemon printed that contain {@code text}. */
    List<String> logLines(String node, String text) {
        DaemonJvm daemon = daemons.get(node);
        return daemon == null ? List.of() : daemon.logLines(text);
    }

    /** The last lines of every daemon's log, for a failure report. */
    String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        daemons.forEach((node, daemon) -> out.append("---- ").append(node).append(" (last ").append(lines)
                .append(" lines)\n").append(daemon.logTail(lines)).append('\n'));
        return out.toString();
    }

    private void startBackend(String node) throws IOException {
        Path config = root.resolve("backend-" + node + ".cfg");
        Files.writeString(config, """
                global
                    maxconn 100
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend backend
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain string "%s"
                """.formatted(BACKEND_PORT, node));
        StartedProcess started = runner.start(List.of("ip", "netns", "exec", ns(node), "haproxy", "-db", "-f",
                config.toString()), Map.of(), line -> { }, line -> { });
        backends.put(node, started.process());
    }

    private void writeManifests(String node) throws IOException {
        Path dir = Files.createDirectories(root.resolve("manifests-" + node));
        Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata:
                  namespace: demo
                  name: app
                spec:
                  host: %s
                  wildcardPolicy: None
                  to:
                    kind: Service
                    name: app
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  namespace: demo
                  name: app-1
                  labels:
                    kubernetes.io/service-name: app
                addressType: IPv4
                ports:
                  - name: web
                    port: %d
                    protocol: TCP
                endpoints:
                  - addresses: ["127.0.0.1"]
                    conditions:
                      ready: true
                """.formatted(HOST, BACKEND_PORT));
    }

    private void addNamespace(String name) throws IOException {
        run("ip", "netns", "add", name);
        namespaces.add(name);
    }

    private void run(String... command) throws IOException {
        ExecResult result = runner.run(List.of(command), Map.of(), COMMAND_TIMEOUT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    /** From /proc, so that only processes that name our own folders are ever signalled. */
    private static List<Long> processesMentioning(String text) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(text)) {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** Polls every 20 ms (at most 2000 times) until the condition holds or the timeout passed; its last value. */
    static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int polls = 0; polls < 2000 && System.nanoTime() < deadline; polls++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run
        }
    }

    private synchronized void closeQuietly() {
        // Graceful first (each daemon stops its own HAProxy and keepalived), then by force.
        List<Process> jvms = daemons.values().stream().map(DaemonJvm::process).toList();
        jvms.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Process daemon : jvms) {
            try {
                if (!daemon.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    daemon.destroyForcibly();
                    daemon.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        daemons.clear();
        // HAProxy and keepalived outlive a killed daemon by design; ours all name a folder under root.
        for (long pid : processesMentioning(root.toString())) {
            if (pid != ProcessHandle.current().pid()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (Process backend : backends.values()) {
            backend.destroyForcibly();
            try {
                backend.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        backends.clear();
        for (String namespace : namespaces) {
            try {
                runner.run(List.of("ip", "netns", "del", namespace), Map.of(), COMMAND_TIMEOUT);
            } catch (IOException e) {
                System.err.println("deleting namespace " + namespace + ": " + e);
            }
        }
        namespaces.clear();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("removing " + root + ": " + e);
        }
    }
}
