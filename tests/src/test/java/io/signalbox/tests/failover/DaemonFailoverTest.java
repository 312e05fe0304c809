package io.signalbox.tests.failover;

import static io.signalbox.tests.failover.DaemonLab.VIP1;
import static io.signalbox.tests.failover.DaemonLab.VIP2;
import static io.signalbox.tests.failover.DaemonLab.within;
import static io.signalbox.tests.failover.FailoverLab.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The whole daemon's failover wiring, end to end: three router nodes, each running {@code signalbox run} as its own
 * JVM in its own network namespace, and a client on the same bridge. What is checked is what an operator checks:
 * who holds each VIP ({@code ip addr}), what the client gets through it, {@code signalbox vips} and /metrics.
 * The tests run in order on one lab: placement, then an HAProxy crash on r1, then a graceful stop of r2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonFailoverTest {
    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration CRASH_MOVE = Duration.ofSeconds(2);
    private static final Duration STOP_MOVE = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(3);
    private static final Pattern VIP1_MASTER_METRIC =
            Pattern.compile("(?m)^signalbox_vip_master\\{vip=\"192\\.0\\.2\\.100\"} 1(\\.0)?$");

    private DaemonLab lab;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (lab != null) {
                System.err.println(lab.logTails(80));
            }
        }
    };

    @BeforeAll
    void threeDaemonsAndAClient() throws Exception {
        lab = new DaemonLab().up();
        try {
            long start = System.nanoTime();
            // All three JVMs start at once, as the nodes of a cluster boot. r2 keeps a shutdown delay, as in
            // production: its VIP must still leave at SIGTERM, not when the delay is over.
            lab.startDaemon("r1", Map.of());
            lab.startDaemon("r2", Map.of("ROUTER_GRACEFUL_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s"));
            lab.startDaemon("r3", Map.of());
            for (String node : DaemonLab.NODES) {
                assertThat(within(START, () -> lab.daemon(node).isAlive()
                        && unchecked(() -> lab.stats(node, "/healthz/ready")).isPresent()))
                        .as("%s ready; log:%n%s", node, lab.logTails(60)).isTrue();
            }
            System.out.printf("daemon failover: three daemons ready in %d ms%n", millisSince(start));
        } catch (Throwable e) {
            System.err.println(lab.logTails(80));
            throw e;
        }
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void eachVipSettlesOnItsHomeNodeAndServesThatNodesRoutes() throws Exception {
        awaitHolders(VIP1, List.of("r1"), SETTLE);
        awaitHolders(VIP2, List.of("r2"), SETTLE);
        assertThat(lab.addresses("r3")).doesNotContain(VIP1 + "/", VIP2 + "/");
        awaitAnswer(VIP1, "r1", SETTLE);
        awaitAnswer(VIP2, "r2", SETTLE);

        ExecResult vips = lab.vipsCommand("r1");
        System.out.print("daemon failover: signalbox vips on r1:\n" + vips.output());
        assertThat(vips.exitCode()).as(vips.output()).isZero();
        assertThat(vips.output().lines()).anyMatch(l -> l.startsWith(VIP1 + " ") && l.contains(" MASTER "));
        assertThat(vips.output().lines()).anyMatch(l -> l.startsWith(VIP2 + " ") && l.contains(" BACKUP "));

        assertThat(within(SETTLE, () -> unchecked(() -> lab.metrics("r1", "signalbox_vip"))
                .map(m -> VIP1_MASTER_METRIC.matcher(m).find()).orElse(false)))
                .as("r1 /metrics: %s", unchecked(() -> lab.metrics("r1", "signalbox_vip")).orElse("(no answer)"))
                .isTrue();
    }

    @Test
    @Order(2)
    void aCrashedHaproxyHandsVip1ToTheStandbyAtOnceAndTheRestartedNodeTakesItBack() throws Exception {
        awaitHolders(VIP1, List.of("r1"), SETTLE);
        awaitHolders(VIP2, List.of("r2"), SETTLE);
        long crashed = lab.haproxyMasterPid("r1").orElseThrow();

        long start = System.nanoTime();
        ProcessHandle.of(crashed).orElseThrow().destroyForcibly(); // SIGKILL: a crash, not a stop
        // VIP2 is sampled on every poll: it must never move, not even for a moment.
        List<List<String>> vip2Seen = new ArrayList<>();
        boolean moved = within(CRASH_MOVE, () -> {
            List<String> vip2 = unchecked(() -> lab.holders(VIP2));
            if (!vip2.equals(List.of("r2"))) {
                vip2Seen.add(vip2);
            }
            return unchecked(() -> lab.holders(VIP1)).equals(List.of("r3"));
        });
        long movedMillis = millisSince(start);
        System.out.printf("daemon failover: HAProxy SIGKILL on r1 -> VIP1 on r3 alone after %d ms%n", movedMillis);
        assertThat(moved).as("VIP1 moved to the standby r3 within %s; holders %s", CRASH_MOVE,
                unchecked(() -> lab.holders(VIP1))).isTrue();
        assertThat(vip2Seen).as("VIP2 holders other than r2 while VIP1 moved").isEmpty();

        // The daemon starts HAProxy again; healthy again, r1 preempts and VIP1 comes home, held by one node only.
        assertThat(within(SETTLE, () -> lab.haproxyMasterPid("r1").filter(pid -> pid != crashed).isPresent()))
                .as("r1's daemon restarted HAProxy").isTrue();
        awaitHolders(VIP1, List.of("r1"), SETTLE);
        System.out.printf("daemon failover: VIP1 back on r1 %d ms after the crash%n", millisSince(start));
        awaitAnswer(VIP1, "r1", SETTLE);
        assertThat(lab.holders(VIP2)).containsExactly("r2");
        // It was the daemon's health wiring, not keepalived's 2 s port check, that moved VIP1.
        assertThat(lab.logLines("r1", "last change: HAProxy master exited")).isNotEmpty();
    }

    @Test
    @Order(3)
    void aGracefulStopHandsVip2ToTheStandbyAtOnceWithoutFailingTheClientAndLeavesNothingRunning() throws Exception {
        awaitHolders(VIP1, List.of("r1"), SETTLE);
        awaitHolders(VIP2, List.of("r2"), SETTLE);
        awaitAnswer(VIP2, "r2", SETTLE);

        // A client keeps asking through VIP2 across the stop; a lost SYN is retried by TCP, so a request may wait.
        AtomicBoolean asking = new AtomicBoolean(true);
        CompletableFuture<List<String>> answers = CompletableFuture.supplyAsync(() -> {
            List<String> got = new ArrayList<>();
            while (asking.get() && got.size() < 500) {
                got.add(unchecked(() -> lab.answerThrough(VIP2, Duration.ofSeconds(3))).orElse("FAILED"));
            }
            return got;
        });
        Process r2 = lab.daemon("r2");
        boolean moved;
        long movedMillis;
        boolean stillInShutdownDelay;
        try {
            Thread.sleep(200);
            long start = System.nanoTime();
            r2.destroy(); // SIGTERM to the JVM, as systemd sends it
            moved = within(Duration.ofSeconds(3), () -> unchecked(() -> lab.holders(VIP2)).equals(List.of("r3")));
            movedMillis = millisSince(start);
            stillInShutdownDelay = r2.isAlive();
            if (moved) {
                awaitAnswer(VIP2, "r3", SETTLE);
                Thread.sleep(1000); // and the client goes on asking a while after the move
            }
        } finally {
            asking.set(false);
        }
        List<String> got = answers.get(15, TimeUnit.SECONDS);
        System.out.printf("daemon failover: SIGTERM to r2's daemon -> VIP2 on r3 alone after %d ms%n", movedMillis);
        System.out.printf("daemon failover: client through VIP2 across the stop: %d requests, %d from r2, %d from r3%n",
                got.size(), got.stream().filter("r2"::equals).count(), got.stream().filter("r3"::equals).count());

        assertThat(moved).as("VIP2 moved to r3; holders %s", unchecked(() -> lab.holders(VIP2))).isTrue();
        assertThat(Duration.ofMillis(movedMillis)).isLessThan(STOP_MOVE);
        // Handed over when the shutdown began, not when the delay was over and the daemon stopped.
        assertThat(stillInShutdownDelay).as("r2's daemon still in its %s shutdown delay when VIP2 had moved",
                SHUTDOWN_DELAY).isTrue();
        // A request in flight on r2's connection when the VIP moves is reset by r3 (VRRP moves addresses, not
        // connections): at most that one may fail; every request after it is answered.
        assertThat(got).as("requests through VIP2 across the stop").isNotEmpty();
        assertThat(got.stream().filter("FAILED"::equals).count()).as("failed requests in %s", got).isLessThanOrEqualTo(1);
        assertThat(got.subList(got.lastIndexOf("FAILED") + 1, got.size())).as("answers after the handover")
                .isNotEmpty().allMatch(a -> a.equals("r2") || a.equals("r3")).contains("r3");

        assertThat(r2.waitFor(SHUTDOWN_DELAY.toSeconds() + 10, TimeUnit.SECONDS)).as("r2's daemon exited").isTrue();
        assertThat(within(Duration.ofSeconds(5), () -> lab.processesOf("r2").isEmpty()))
                .as("HAProxy or keepalived of r2 still running: %s", lab.processesOf("r2")).isTrue();
        assertThat(lab.holders(VIP1)).containsExactly("r1");
        assertThat(lab.holders(VIP2)).containsExactly("r3");
        awaitAnswer(VIP1, "r1", SETTLE);
        awaitAnswer(VIP2, "r3", SETTLE);
    }

    private Duration awaitHolders(String vip, List<String> expected, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        if (!within(timeout, () -> unchecked(() -> lab.holders(vip)).equals(expected))) {
            throw new AssertionError(vip + " held by " + unchecked(() -> lab.holders(vip)) + ", expected " + expected
                    + " within " + timeout);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void awaitAnswer(String vip, String node, Duration timeout) throws InterruptedException {
        Duration perTry = Duration.ofSeconds(1);
        if (!within(timeout, () -> unchecked(() -> lab.answerThrough(vip, perTry)).equals(Optional.of(node)))) {
            throw new AssertionError("client got " + unchecked(() -> lab.answerThrough(vip, perTry)) + " through "
                    + vip + ", expected 200 from " + node);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }


}
