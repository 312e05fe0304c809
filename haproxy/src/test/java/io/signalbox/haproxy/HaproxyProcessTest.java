package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HaproxyProcessTest {

    private static final Duration START = Duration.ofSeconds(10);
    private static final Duration RELOAD = Duration.ofSeconds(10);
    private static final Duration GONE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private int port;
    private Path config;
    private HaproxyProcess haproxy;
    // every HAProxy pid a test saw, so that @AfterEach can kill what stop() missed
    private final Set<Long> seen = new ConcurrentSkipListSet<>();

    @BeforeEach
    void writeConfig() {
        port = TestConfigs.freePort();
        config = TestConfigs.write(dir.resolve("haproxy.config"), TestConfigs.httpReturn(dir, port, 200, "one"));
        haproxy = new HaproxyProcess(options(Map.of()));
    }

    @AfterEach
    void killEverythingStarted() throws Exception {
        try {
            haproxy.stop(Duration.ZERO);
        } finally {
            seen.forEach(pid -> ProcessHandle.of(pid).filter(HaproxyProcessTest::isHaproxy)
                    .ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void startedHaproxyServesTheFrontend() throws Exception {
        start();

        assertThat(HttpProbe.get(port)).isEqualTo(new HttpProbe.Response(200, "one"));
        assertThat(haproxy.isRunning()).isTrue();
        assertThat(haproxy.workerPids()).hasSize(1).doesNotContain(haproxy.masterPid());
        assertThat(Files.readString(dir.resolve("haproxy.pid")).strip()).isEqualTo(Long.toString(haproxy.masterPid()));
    }

    @Test
    void passesTheEnvironmentToHaproxy() throws Exception {
        TestConfigs.write(config, TestConfigs.httpReturn(dir, port, 200, "${SIGNALBOX_BODY}"));
        haproxy = new HaproxyProcess(options(Map.of("SIGNALBOX_BODY", "from the environment")));

        start();

        assertThat(HttpProbe.get(port).body()).isEqualTo("from the environment");
    }

    @Test
    void startFailsWithHaproxysAlertsWhenTheConfigIsBroken() {
        AtomicBoolean exitReported = new AtomicBoolean();
        haproxy.onExit(code -> exitReported.set(true));
        TestConfigs.write(config, "frontend fe\n    bind 127.0.0.1:" + port + "\n    not_a_keyword\n");

        assertThatThrownBy(this::start)
                .isInstanceOf(HaproxyStartException.class)
                .hasMessageContaining("unknown keyword 'not_a_keyword'");
        assertThat(haproxy.isRunning()).isFalse();
        assertThat(exitReported).as("a failed start is an exception, not a crash").isFalse();
    }

    @Test
    void reloadStartsANewWorkerThatServesTheNewConfig() throws Exception {
        start();
        List<Long> before = haproxy.workerPids();
        TestConfigs.write(config, TestConfigs.httpReturn(dir, port, 201, "two"));

        ReloadResult result = haproxy.reload(RELOAD);
        remember();

        assertThat(result.ok()).as(result.detail()).isTrue();
        assertThat(haproxy.workerPids()).doesNotContainAnyElementsOf(before);
        assertThat(HttpProbe.get(port)).isEqualTo(new HttpProbe.Response(201, "two"));
    }

    @Test
    void aBrokenConfigFailsTheReloadAndTheOldWorkerKeepsServing() throws Exception {
        start();
        List<Long> before = haproxy.workerPids();
        TestConfigs.write(config, TestConfigs.httpReturn(dir, port, 200, "two") + "    not_a_keyword\n");

        ReloadResult result = haproxy.reload(RELOAD);

        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).contains("unknown keyword 'not_a_keyword'");
        assertThat(haproxy.workerPids()).isEqualTo(before);
        assertThat(HttpProbe.get(port).body()).isEqualTo("one");
    }

    @Test
    void reloadsRefuseNoConnection() throws Exception {
        start();
        AtomicBoolean reloadsDone = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!reloadsDone.get() && answered.get() + failures.size() < 2000 && System.nanoTime() < end) {
                try {
                    HttpProbe.Response response = HttpProbe.get(port);
                    if (response.status() == 200) {
                        answered.incrementAndGet();
                    } else {
                        failures.add("status " + response.status());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
            }
        });

        List<ReloadResult> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            TestConfigs.write(config, TestConfigs.httpReturn(dir, port, 200, "reload " + i));
            results.add(haproxy.reload(RELOAD));
            remember();
        }
        reloadsDone.set(true);
        client.get(10, TimeUnit.SECONDS);

        assertThat(results).allSatisfy(result -> assertThat(result.ok()).as(result.detail()).isTrue());
        assertThat(failures).isEmpty();
        assertThat(answered.get()).isPositive();
        assertThat(HttpProbe.get(port).body()).isEqualTo("reload 5");
    }

    @Test
    void aWorkerFromBeforeTheReloadDrainsItsConnection() throws Exception {
        start();
        long oldWorker = haproxy.workerPids().get(0);
        try (Socket idle = new Socket()) {
            idle.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            awaitTrue(() -> isAlive(oldWorker), "connection accepted");

            assertThat(haproxy.reload(RELOAD).ok()).isTrue();
            remember();

            assertThat(haproxy.oldWorkerPids()).containsExactly(oldWorker);
        }
        awaitTrue(() -> !isAlive(oldWorker), "old worker exits once its connection is closed");
        assertThat(haproxy.oldWorkerPids()).isEmpty();
    }

    @Test
    void anExternalKillIsReported() throws Exception {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        haproxy.onExit(exit::complete);
        start();
        List<Long> workers = haproxy.workerPids();

        ProcessHandle.of(haproxy.masterPid()).orElseThrow().destroyForcibly();

        assertThat(exit.get(GONE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(haproxy.isRunning()).isFalse();
        awaitTrue(() -> workers.stream().noneMatch(HaproxyProcessTest::isAlive), "workers follow their master");
    }

    @Test
    void stopLeavesNoProcessAndIsNotReportedAsAnExit() throws Exception {
        AtomicBoolean exitReported = new AtomicBoolean();
        haproxy.onExit(code -> exitReported.set(true));
        start();
        List<Long> pids = new ArrayList<>(haproxy.workerPids());
        pids.add(haproxy.masterPid());

        haproxy.stop(Duration.ofSeconds(5));

        assertThat(haproxy.isRunning()).isFalse();
        awaitTrue(() -> pids.stream().noneMatch(HaproxyProcessTest::isAlive), "master and workers gone");
        assertThat(exitReported).isFalse();
    }

    private void start() throws Exception {
        try {
            haproxy.start(START);
        } finally {
            remember();
        }
    }

    private void remember() throws IOException {
        if (haproxy.isRunning()) {
            seen.add(haproxy.masterPid());
            MasterProcessList processes = haproxy.showProc();
            seen.addAll(processes.workers());
            seen.addAll(processes.oldWorkers());
        }
    }

    private HaproxyOptions options(Map<String, String> env) {
        return new HaproxyOptions("haproxy", config, dir.resolve("master.sock"), dir.resolve("haproxy.pid"), env);
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean isHaproxy(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("haproxy")).orElse(false);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GONE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
