package io.signalbox.tests.failover;

import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.StartedProcess;
import io.signalbox.ipfailover.FailoverConfig;
import io.signalbox.ipfailover.FailoverService;
import io.signalbox.ipfailover.Launcher;
import java.io.IOException;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Three router nodes and a client on one bridge, each in a network namespace of its own (192.0.2.0/24 only):
 * r1 .11, r2 .12, r3 .13, client .200; VIP1 192.0.2.100 (home r1), VIP2 192.0.2.101 (home r2), r3 standby.
 * Each node runs keepalived through a {@link FailoverService} and an HAProxy that answers its node's name on
 * the VIPs (bound before the node holds them, through ip_nonlocal_bind) and on its own address (the monitor port).
 * Multicast VRRP is dropped in every router namespace, so everything here runs on unicast adverts.
 * Everything created is named with this lab's id and removed by {@link #close()}, also at JVM exit.
 */
final class FailoverLab implements AutoCloseable {
    static final List<String> NODES = List.of("r1", "r2", "r3");
    static final String VIP1 = "192.0.2.100";
    static final String VIP2 = "192.0.2.101";
    private static final Map<String, String> ADDRESS = Map.of("r1", "192.0.2.11", "r2", "192.0.2.12",
            "r3", "192.0.2.13", "client", "192.0.2.200");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    final ProcessRunner runner = new ProcessRunner();
    private final String id = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
    private final Path root;
    private final Map<String, FailoverService> services = new LinkedHashMap<>();
    private final Map<String, Process> responders = new HashMap<>();
    private final Thread cleanupAtExit = new Thread(this::closeQuietly, "failover-lab-cleanup");

    FailoverLab() throws IOException {
        root = Files.createTempDirectory("failover-lab-");
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    String ns(String node) {
        return "sbfo" + id + "-" + node;
    }

    /** Namespaces, bridge, addresses, the multicast drop and the responders; no keepalived yet. */
    FailoverLab up() throws IOException, InterruptedException {
        String sw = ns("sw");
        run("ip", "netns", "add", sw);
        run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", sw, "link", "set", "br0", "up");
        for (String node : Stream.concat(NODES.stream(), Stream.of("client")).toList()) {
            run("ip", "netns", "add", ns(node));
            run("ip", "-n", sw, "link", "add", "p-" + node, "type", "veth", "peer", "name", "eth0", "netns", ns(node));
            run("ip", "-n", sw, "link", "set", "p-" + node, "master", "br0", "up");
            run("ip", "-n", ns(node), "link", "set", "lo", "up");
            run("ip", "-n", ns(node), "addr", "add", ADDRESS.get(node) + "/24", "dev", "eth0");
            run("ip", "-n", ns(node), "link", "set", "eth0", "up");
        }
        for (String node : NODES) {
            // How a router node is set up: HAProxy may bind VIPs it does not hold yet.
            run("ip", "netns", "exec", ns(node), "sysctl", "-qw", "net.ipv4.ip_nonlocal_bind=1");
            run("ip", "netns", "exec", ns(node), "nft",
                    "add table inet sbfo; add chain inet sbfo input { type filter hook input priority 0; };"
                            + " add rule inet sbfo input ip daddr 224.0.0.18 counter drop");
            startResponder(node);
        }
        return this;
    }

    Map<String, String> env(String node) {
        Map<String, String> env = new HashMap<>();
        env.put(FailoverConfig.VIRTUAL_IPS, VIP1 + "-" + VIP2.substring(VIP2.lastIndexOf('.') + 1));
        env.put(FailoverConfig.NETWORK_INTERFACE, "eth0");
        env.put(FailoverConfig.NODES, String.join(",", NODES.stream().map(ADDRESS::get).toList()));
        env.put(FailoverConfig.NODE, ADDRESS.get(node));
        env.put(FailoverConfig.PREEMPTION, "preempt_delay 0");
        env.put(FailoverConfig.CHECK_INTERVAL, "1");
        env.put(FailoverConfig.WORK_DIR, root.resolve(node).toString());
        return env;
    }

    /** Starts the node's failover with {@code overrides} on top of the lab's settings, and reports it healthy. */
    FailoverService startFailover(String node, Map<String, String> overrides) throws IOException {
        Map<String, String> env = env(node);
        env.putAll(overrides);
        FailoverService service = new FailoverService(FailoverConfig.fromEnv(env),
                Launcher.inNetworkNamespace(ns(node)), runner);
        services.put(node, service);
        service.start();
        service.setHealthy(true, "lab node up");
        return service;
    }

    FailoverService failover(String node) {
        return services.get(node);
    }

    void stopFailover(String node) throws IOException, InterruptedException {
        FailoverService service = services.remove(node);
        if (service != null) {
            service.close();
        }
    }

    boolean isRunning(String node) {
        return services.containsKey(node);
    }

    void startResponder(String node) throws IOException {
        Path config = root.resolve("haproxy-" + node + ".cfg");
        Files.writeString(config, """
                global
                    maxconn 200
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend www
                    bind %s:80
                    bind %s:80
                    bind %s:80
                    http-request return status 200 content-type text/plain string "%s"
                """.formatted(VIP1, VIP2, ADDRESS.get(node), node));
        StartedProcess started = runner.start(List.of("ip", "netns", "exec", ns(node), "haproxy", "-db", "-f",
                config.toString()), Map.of(), line -> { }, line -> { });
        responders.put(node, started.process());
    }

    void killResponder(String node) throws InterruptedException {
        Process responder = responders.remove(node);
        if (responder != null) {
            responder.destroyForcibly();
            responder.waitFor();
        }
    }

    boolean responderRunning(String node) {
        return responders.containsKey(node) && responders.get(node).isAlive();
    }

    /** SIGKILL to keepalived and its children: no priority-0 advert, VIPs left on the interface. */
    long killKeepalived(String node) throws InterruptedException {
        long pid = services.get(node).keepalivedPid().orElseThrow();
        ProcessHandle parent = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = parent.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        parent.destroyForcibly();
        parent.onExit().join();
        return pid;
    }

    /** The switch port of {@code node}, as if its cable were pulled or plugged back. */
    void link(String node, boolean up) throws IOException {
        run("ip", "-n", ns("sw"), "link", "set", "p-" + node, up ? "up" : "down");
    }

    /** The nodes that hold {@code vip} on eth0 right now. */
    List<String> holders(String vip) throws IOException {
        List<String> holders = new ArrayList<>();
        for (String node : NODES) {
            ExecResult shown = runner.run(List.of("ip", "-n", ns(node), "-o", "-4", "addr", "show", "dev", "eth0"),
                    Map.of(), COMMAND_TIMEOUT);
            if (shown.output().contains(" " + vip + "/32 ")) {
                holders.add(node);
            }
        }
        return holders;
    }

    /** The node that answered an HTTP GET from the client through {@code vip} with 200, if any did. */
    Optional<String> answerThrough(String vip) throws IOException {
        ExecResult got = runner.run(List.of("ip", "netns", "exec", ns("client"), "curl", "-sf", "--max-time", "1",
                "http://" + vip + "/"), Map.of(), COMMAND_TIMEOUT);
        return got.succeeded() ? Optional.of(got.output().strip()) : Optional.empty();
    }

    /** Multicast VRRP packets dropped by the node's firewall so far. */
    long multicastDropped(String node) throws IOException {
        ExecResult listed = runner.run(List.of("ip", "netns", "exec", ns(node), "nft", "list", "chain", "inet", "sbfo",
                "input"), Map.of(), COMMAND_TIMEOUT);
        var m = java.util.regex.Pattern.compile("packets ([0-9]+)").matcher(listed.output());
        if (!m.find()) {
            throw new AssertionError("no drop rule in " + node + ": " + listed.output());
        }
        return Long.parseLong(m.group(1));
    }

    /** Polls every 20 ms until {@code condition} holds; false after {@code timeout}. */
    static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** Waits until exactly {@code expected} hold {@code vip}; returns how long that took. */
    Duration awaitHolders(String vip, List<String> expected, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        boolean reached = within(timeout, () -> unchecked(() -> holders(vip)).equals(expected));
        if (!reached) {
            throw new AssertionError(vip + " held by " + unchecked(() -> holders(vip)) + ", expected " + expected
                    + " within " + timeout + "; states " + states());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until the client gets HTTP 200 from {@code node} through {@code vip}. */
    void awaitAnswer(String vip, String node, Duration timeout) throws InterruptedException {
        if (!within(timeout, () -> unchecked(() -> answerThrough(vip)).equals(Optional.of(node)))) {
            throw new AssertionError("client got " + unchecked(() -> answerThrough(vip)) + " through " + vip
                    + ", expected 200 from " + node);
        }
    }

    Map<String, Object> states() {
        Map<String, Object> states = new LinkedHashMap<>();
        services.forEach((node, service) -> states.put(node, service.vipStates().values().stream()
                .map(s -> s.vip() + "=" + s.role()).toList()));
        return states;
    }

    private void run(String... command) throws IOException {
        ExecResult result = runner.run(List.of(command), Map.of(), COMMAND_TIMEOUT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    /** An I/O step, for conditions polled in a loop. */
    interface IoSupplier<T> {
        T get() throws IOException;
    }

    static <T> T unchecked(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        for (String node : new ArrayList<>(services.keySet())) {
            try {
                stopFailover(node);
            } catch (Exception e) {
                System.err.println("stopping failover on " + node + ": " + e);
            }
        }
        for (String node : new ArrayList<>(responders.keySet())) {
            try {
                killResponder(node);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String node : List.of("client", "r1", "r2", "r3", "sw")) {
            try {
                runner.run(List.of("ip", "netns", "del", ns(node)), Map.of(), COMMAND_TIMEOUT);
            } catch (IOException e) {
                System.err.println("deleting namespace " + ns(node) + ": " + e);
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("removing " + root + ": " + e);
        }
    }
}
