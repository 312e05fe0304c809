package io.signalbox.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A router node for the chaos soak: the daemon as a JVM of its own over a working directory on a small tmpfs, stable
 * routes to backends that never change, and each fault of the soak as a method that injects it and returns once the
 * router has recovered (or throws when it does not, in bounded time). Stable routes: stable-a (two endpoints, and a
 * third that endpoint churn adds and removes) and stable-b. Everything else (churn, bulk, disk, race routes) goes to
 * the churn backend.
 */
final class ChaosFaults implements AutoCloseable {
    static final List<String> KINDS = List.of("haproxy-kill", "worker-kill", "disk", "manifest", "churn", "daemon-kill");
    static final Map<String, String> STABLE = Map.of("stable-a.example.com", "stable-a", "stable-b.example.com", "stable-b");
    private static final List<String> MANIFEST_KINDS = List.of("garbled", "junk", "over-limit", "deep", "alias-bomb",
            "many", "replace-race");
    private static final int MAX_FILE_BYTES = 2 * 1024 * 1024;
    private static final int BULK_ROUTES = 1000;
    private static final int MAX_CHURN_ROUTES = 20;
    private static final Duration DISK_HOLD = Duration.ofSeconds(2);
    private static final Duration CHANGE_LIMIT = Duration.ofSeconds(60);

    private final Random random;
    private final RouterHarness router;
    private final ScratchDisk disk;
    private final Path log;
    private final List<TestBackend> backends = new ArrayList<>();
    private final TestBackend thirdA;
    private final TestBackend churn;
    private final Map<String, Integer> manifestKinds = new TreeMap<>();
    private final List<Integer> churnRoutes = new ArrayList<>();
    private DaemonJvm daemon;
    private int serial;

    ChaosFaults(Path root, long seed) throws Exception {
        this.random = new Random(seed);
        this.log = root.resolve("daemon.log");
        this.router = new RouterHarness(root).env("SIGNALBOX_MANIFESTS_MAX_FILE_BYTES", Integer.toString(MAX_FILE_BYTES))
                .env("ROUTER_GRACEFUL_SHUTDOWN_DELAY", "0s");
        this.disk = new ScratchDisk(router.workDir, 16L * 1024 * 1024);
        try {
            TestBackend a1 = backend("stable-a");
            TestBackend a2 = backend("stable-a");
            TestBackend b = backend("stable-b");
            this.thirdA = backend("stable-a");
            this.churn = backend("churn");
            router.write("stable.yaml",
                    Manifests.slice("stable", "stable-a", "stable-a-1", a1.port(), "127.0.0.1"),
                    Manifests.slice("stable", "stable-a", "stable-a-2", a2.port(), "127.0.0.1"),
                    Manifests.slice("stable", "stable-b", "stable-b-1", b.port(), "127.0.0.1"),
                    Manifests.route("stable", "stable-a", "stable-a.example.com", "", "stable-a"),
                    Manifests.route("stable", "stable-b", "stable-b.example.com", "", "stable-b"));
            router.write("churn-service.yaml", Manifests.slice("churn", "churn", "churn-1", churn.port(), "127.0.0.1"));
            startDaemon();
        } catch (Exception | AssertionError e) {
            close(); // the caller never gets this lab to close: unmount and stop what was started
            throw e;
        }
    }

    private TestBackend backend(String name) throws IOException {
        TestBackend backend = new TestBackend(name);
        backends.add(backend);
        return backend;
    }

    int httpPort() {
        return router.httpPort;
    }

    long daemonRssMib() {
        return daemon.rssMib();
    }

    Path log() {
        return log;
    }

    /** How often each kind of manifest fault was dropped. */
    Map<String, Integer> manifestKinds() {
        return Map.copyOf(manifestKinds);
    }

    /** Injects one fault and waits until the stable routes answer and the router is ready again. */
    void inject(String kind) throws Exception {
        switch (kind) {
            case "haproxy-kill" -> killHaproxyMaster();
            case "worker-kill" -> killHaproxyWorker();
            case "disk" -> diskTrouble();
            case "manifest" -> hostileManifest();
            case "churn" -> churn();
            case "daemon-kill" -> killDaemon();
            default -> throw new IllegalArgumentException("unknown fault " + kind + "; known: " + KINDS);
        }
        awaitServing(kind);
    }

    private void startDaemon() throws Exception {
        daemon = DaemonJvm.startAsInstalled(router.environment(), log);
        String ready = router.await(this::readiness, body -> body.contains("healthz check passed"), CHANGE_LIMIT);
        if (!ready.contains("healthz check passed")) {
            throw new AssertionError("the daemon did not become ready; see " + log + ": " + ready);
        }
        awaitServing("start");
    }

    private String readiness() {
        try {
            return router.stats("/healthz/ready");
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void awaitServing(String after) throws Exception {
        for (Map.Entry<String, String> stable : STABLE.entrySet()) {
            RouterHarness.Response last = router.await(stable.getKey(), "/",
                    r -> r.status() == 200 && r.backend().equals(stable.getValue()));
            if (last.status() != 200) {
                throw new AssertionError(stable.getKey() + " did not answer again after " + after + ": " + last);
            }
        }
        if (!router.await(this::readiness, body -> body.contains("healthz check passed")).contains("passed")) {
            throw new AssertionError("not ready again after " + after + ": " + readiness());
        }
    }

    private void killHaproxyMaster() throws Exception {
        long master = router.masterPid();
        ProcessHandle handle = ProcessHandle.of(master).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (router.masterPid() == master && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void killHaproxyWorker() throws Exception {
        ProcessHandle worker = ProcessHandle.of(router.masterPid()).orElseThrow().children()
                .filter(ProcessHandle::isAlive)
                .max(Comparator.comparing(p -> p.info().startInstant().orElse(java.time.Instant.EPOCH)))
                .orElseThrow(() -> new AssertionError("the HAProxy master has no worker"));
        worker.destroyForcibly();
        worker.onExit().get(5, TimeUnit.SECONDS);
    }

    /** Full or read-only for a while, with a route change made meanwhile that must land once the disk is back. */
    private void diskTrouble() throws Exception {
        boolean full = random.nextBoolean();
        String host = "disk-" + (++serial) + ".example.com";
        if (full) {
            disk.fill();
        } else {
            disk.readOnly();
        }
        try {
            router.write("disk.yaml", Manifests.route("churn", "disk", host, "", "churn"));
            Thread.sleep(DISK_HOLD.toMillis());
            int during = router.get(host, "/").status();
            if (during != 503) {
                throw new AssertionError("a change was applied while the disk was " + (full ? "full" : "read-only")
                        + ": " + host + " answered " + during);
            }
        } finally {
            if (full) {
                disk.free();
            } else {
                disk.writable();
            }
        }
        awaitAnswer(host, 200, "the change made while the disk was " + (full ? "full" : "read-only"));
    }

    private void hostileManifest() throws Exception {
        String kind = MANIFEST_KINDS.get(random.nextInt(MANIFEST_KINDS.size()));
        manifestKinds.merge(kind, 1, Integer::sum);
        switch (kind) {
            case "many" -> {
                drop("bulk.yaml", HostileFiles.manyRoutes("churn", "churn", BULK_ROUTES));
                awaitAnswer("bulk-" + (BULK_ROUTES - 1) + ".example.com", 200, BULK_ROUTES + " routes at once");
                Files.delete(router.manifests.resolve("bulk.yaml"));
                awaitAnswer("bulk-0.example.com", 503, "deleting " + BULK_ROUTES + " routes");
            }
            case "replace-race" -> {
                String host = "";
                for (int i = 0; i < 30; i++) {
                    host = "race-" + (++serial) + ".example.com";
                    drop("race.yaml", Manifests.route("churn", "race", host, "", "churn").getBytes(StandardCharsets.UTF_8));
                }
                awaitAnswer(host, 200, "a file replaced 30 times in a row");
                Files.delete(router.manifests.resolve("race.yaml"));
            }
            case "alias-bomb" -> {
                // Not a Kubernetes object once read (aliases stay unexpanded), so skipped with a notice, no problem.
                drop("hostile.yaml", HostileFiles.aliasBomb());
                Thread.sleep(500);
                Files.delete(router.manifests.resolve("hostile.yaml"));
            }
            default -> {
                drop("hostile.yaml", hostileBytes(kind));
                if (!router.await(this::readiness, body -> body.contains("hostile.yaml")).contains("hostile.yaml")) {
                    throw new AssertionError("the " + kind + " file was not reported: " + readiness());
                }
                Files.delete(router.manifests.resolve("hostile.yaml"));
            }
        }
    }

    private byte[] hostileBytes(String kind) {
        return switch (kind) {
            case "garbled" -> HostileFiles.garbled();
            case "junk" -> HostileFiles.binaryJunk(random.nextLong());
            case "over-limit" -> HostileFiles.overLimit(MAX_FILE_BYTES);
            case "deep" -> HostileFiles.deepNesting();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A burst of route adds and deletes and of endpoint changes on a stable route, a few ms apart. */
    private void churn() throws Exception {
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            int action = random.nextInt(3);
            if (action == 0 && churnRoutes.size() < MAX_CHURN_ROUTES) {
                int n = ++serial;
                churnRoutes.add(n);
                router.write("churn-" + n + ".yaml", Manifests.route("churn", "churn-" + n, "churn-" + n + ".example.com", "", "churn"));
                expected.put("churn-" + n + ".example.com", 200);
            } else if (action == 1 && !churnRoutes.isEmpty()) {
                int n = churnRoutes.remove(random.nextInt(churnRoutes.size()));
                router.delete("churn-" + n + ".yaml");
                expected.put("churn-" + n + ".example.com", 503);
            } else if (Files.exists(router.manifests.resolve("stable-a-3.yaml"))) {
                router.delete("stable-a-3.yaml");
            } else {
                router.write("stable-a-3.yaml", Manifests.slice("stable", "stable-a", "stable-a-3", thirdA.port(), "127.0.0.1"));
            }
            Thread.sleep(20 + random.nextInt(200));
        }
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            awaitAnswer(e.getKey(), e.getValue(), "route churn");
        }
    }

    private void killDaemon() throws Exception {
        daemon.kill();
        Thread.sleep(1000); // HAProxy serves alone meanwhile
        startDaemon();
    }

    /** Waits for a change to be served: bounded, but generously, since a loaded machine may take a while to reload. */
    private void awaitAnswer(String host, int status, String what) throws Exception {
        Predicate<RouterHarness.Response> check = r -> r.status() == status;
        RouterHarness.Response last = router.await(host, "/", check, CHANGE_LIMIT);
        if (!check.test(last)) {
            throw new AssertionError(what + ": " + host + " should answer " + status + " but answered " + last.status());
        }
    }

    private void drop(String name, byte[] content) throws IOException {
        Path tmp = router.manifests.resolve("." + name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, router.manifests.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** HAProxy masters running on this node's config: exactly one when nothing was started twice. */
    long haproxyMasters() {
        String config = router.workDir.resolve("conf").toString();
        return haproxyProcesses(config).stream()
                .filter(p -> p.parent().flatMap(parent -> parent.info().command()).map(c -> !c.endsWith("haproxy")).orElse(true))
                .count();
    }

    private static List<ProcessHandle> haproxyProcesses(String config) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("haproxy")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(config)).orElse(false))
                .toList();
    }

    List<String> logTail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    /** Log lines that contain a text: how often the daemon said something. */
    long logLines(String text) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (daemon != null) {
                daemon.close();
            }
        } finally {
            // A daemon killed on purpose leaves its HAProxy running (by design): stop what this lab started.
            haproxyProcesses(router.workDir.resolve("conf").toString()).forEach(ProcessHandle::destroyForcibly);
            disk.close();
            for (TestBackend backend : backends) {
                backend.close();
            }
            router.close();
        }
    }
}
