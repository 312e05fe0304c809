package io.signalbox.tests.failover;

import static io.signalbox.tests.failover.DaemonLab.VIP1;
import static io.signalbox.tests.failover.DaemonLab.within;
import static io.signalbox.tests.failover.FailoverLab.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A router node's daemon killed with SIGKILL and started again, with IP failover: keepalived (in the node's network
 * namespace) holds the VIP and HAProxy serves it the whole time, and the next daemon adopts that keepalived, so the
 * VIP never moves and is never held twice. One node of {@link DaemonLab} is enough: the VIP has nowhere to go but
 * away, which is what must not happen.
 */
class DaemonRestartFailoverTest {
    private static final Duration READY = Duration.ofSeconds(40);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration ABSENCE = Duration.ofSeconds(3);

    @Test
    void theVipStaysOnTheNodeWhileItsDaemonIsDownAndTheNextDaemonAdoptsKeepalived() throws Exception {
        try (DaemonLab lab = new DaemonLab().up()) {
            try {
                lab.startDaemon("r1", Map.of());
                awaitReady(lab);
                assertThat(within(SETTLE, () -> unchecked(() -> lab.holders(VIP1)).equals(List.of("r1"))))
                        .as("VIP1 on r1").isTrue();
                assertThat(within(SETTLE, () -> unchecked(() -> lab.answerThrough(VIP1, Duration.ofSeconds(1)))
                        .equals(Optional.of("r1")))).as("the client served through VIP1").isTrue();
                long keepalived = lab.keepalivedPid("r1").orElseThrow();
                long haproxy = lab.haproxyMasterPid("r1").orElseThrow();
                Path trackFile = lab.workDir("r1").resolve("ipfailover/router-health");
                String health = Files.readString(trackFile);

                List<String> problems = killAndRestart(lab, Map.of());
                assertThat(problems).as("what the client and ip addr saw").isEmpty();
                assertThat(Files.readString(trackFile)).isEqualTo(health);
                assertThat(lab.logLines("r1", "its config is unchanged")).isNotEmpty();

                assertThat(lab.keepalivedPid("r1")).as("keepalived adopted, not restarted").contains(keepalived);
                assertThat(ProcessHandle.of(keepalived).map(ProcessHandle::isAlive)).contains(true);
                assertThat(lab.haproxyMasterPid("r1")).as("HAProxy adopted").contains(haproxy);
                assertThat(keepalivedProcesses(lab)).as("keepalived processes of r1: the adopted one and its child")
                        .allMatch(p -> p.pid() == keepalived || p.parent().map(ProcessHandle::pid).orElse(0L) == keepalived);
                assertThat(lab.logLines("r1", "adopted keepalived for")).isNotEmpty();
                assertThat(lab.holders(VIP1)).containsExactly("r1");
                // Its notify events went to the dead daemon: the new one learns the role from the addresses.
                assertThat(lab.metrics("r1", "signalbox_").orElse(""))
                        .containsPattern("(?m)^signalbox_vip_master\\{vip=\"192\\.0\\.2\\.100\"} 1(\\.0)?$")
                        .containsPattern("(?m)^signalbox_keepalived_starts_total\\{kind=\"adopted\"} 1(\\.0)?$")
                        .containsPattern("(?m)^signalbox_haproxy_starts_total\\{kind=\"adopted\"} 1(\\.0)?$");

                // Again, with a setting that changes keepalived.conf: the adopted keepalived reloads (SIGHUP) and
                // keeps the VIP.
                problems = killAndRestart(lab, Map.of("OPENSHIFT_HA_PREEMPTION", "preempt_delay 1"));
                assertThat(problems).as("what the client and ip addr saw around the reload").isEmpty();
                assertThat(lab.logLines("r1", "its config changed: reloaded with SIGHUP")).isNotEmpty();
                assertThat(Files.readString(lab.workDir("r1").resolve("ipfailover/keepalived.conf")))
                        .contains("preempt_delay 1");
                assertThat(lab.keepalivedPid("r1")).contains(keepalived);
                assertThat(within(SETTLE, () -> unchecked(() -> lab.holders(VIP1)).equals(List.of("r1")))).isTrue();
            } catch (Throwable e) {
                System.err.println(lab.logTails(80));
                throw e;
            }
        }
    }

    /**
     * SIGKILL to the node's daemon, {@link #ABSENCE} without it, then a new daemon with these setting overrides until
     * it is ready; returns every problem the samples saw on the way.
     */
    private static List<String> killAndRestart(DaemonLab lab, Map<String, String> overrides) throws Exception {
        lab.daemonJvm("r1").kill();
        List<String> problems = new ArrayList<>();
        long absent = System.nanoTime() + ABSENCE.toNanos();
        while (System.nanoTime() < absent) {
            sample(lab, problems, "daemon down");
        }
        lab.startDaemon("r1", overrides);
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && lab.stats("r1", "/healthz/ready").isEmpty()) {
            sample(lab, problems, "daemon starting");
        }
        // a few more looks, past keepalived's reload
        for (int i = 0; i < 10; i++) {
            sample(lab, problems, "daemon ready");
        }
        return problems;
    }

    /** One look at what an operator would check: who holds VIP1, and whether the client gets r1 through it. */
    private static void sample(DaemonLab lab, List<String> problems, String phase) throws Exception {
        List<String> holders = lab.holders(VIP1);
        if (!holders.equals(List.of("r1"))) {
            problems.add(phase + ": VIP1 held by " + holders);
        }
        Optional<String> answer = lab.answerThrough(VIP1, Duration.ofSeconds(1));
        if (!answer.equals(Optional.of("r1"))) {
            problems.add(phase + ": client got " + answer + " through VIP1");
        }
        Thread.sleep(50);
    }

    private static void awaitReady(DaemonLab lab) throws Exception {
        assertThat(within(READY, () -> lab.daemon("r1").isAlive()
                && unchecked(() -> lab.stats("r1", "/healthz/ready")).isPresent()))
                .as("r1 ready; log:%n%s", lab.logTails(60)).isTrue();
    }

    private static List<ProcessHandle> keepalivedProcesses(DaemonLab lab) {
        String config = "--use-file=" + lab.workDir("r1").resolve("ipfailover/keepalived.conf");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains(config)).toList();
    }
}
