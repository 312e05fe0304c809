package io.signalbox.tests.failover;

import static io.signalbox.tests.failover.FailoverLab.VIP1;
import static io.signalbox.tests.failover.FailoverLab.VIP2;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.ipfailover.FailoverConfig;
import io.signalbox.ipfailover.VrrpRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three routers, two VIPs, active-active-passive: VIP1 lives on r1, VIP2 on r2, r3 stands by for both. Each fault
 * on r1 must move VIP1 to r3 (never to r2, never to two nodes), leave VIP2 alone, and keep the client answered.
 * Timings are measured by tests/failover/bench-failover.sh; the bounds here only catch "did not happen".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VipFailoverTest {
    private static final Duration MOVE = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private FailoverLab lab;

    @BeforeAll
    void threeRoutersAndAClient() throws Exception {
        lab = new FailoverLab().up();
        for (String node : FailoverLab.NODES) {
            lab.startFailover(node, Map.of());
        }
        assertBaseline();
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Puts r1 back the way it was, and checks every VIP is back home on exactly one node. */
    @AfterEach
    void restoreBaseline() throws Exception {
        lab.link("r1", true);
        if (!lab.responderRunning("r1")) {
            lab.startResponder("r1");
        }
        if (!lab.isRunning("r1")) {
            lab.startFailover("r1", Map.of());
        }
        lab.failover("r1").setHealthy(true, "test restored r1");
        assertBaseline();
    }

    private void assertBaseline() throws Exception {
        lab.awaitHolders(VIP1, List.of("r1"), SETTLE);
        lab.awaitHolders(VIP2, List.of("r2"), SETTLE);
        lab.awaitAnswer(VIP1, "r1", SETTLE);
        lab.awaitAnswer(VIP2, "r2", SETTLE);
    }

    private void assertVip1OnStandbyAndVip2Untouched() throws Exception {
        lab.awaitHolders(VIP1, List.of("r3"), MOVE);
        lab.awaitAnswer(VIP1, "r3", MOVE);
        assertThat(lab.holders(VIP2)).containsExactly("r2");
        lab.awaitAnswer(VIP2, "r2", MOVE);
    }

    @Test
    void eachVipStartsOnItsHomeNodeAndTheThirdNodeStandsByForBoth() throws Exception {
        assertThat(lab.holders(VIP1)).containsExactly("r1");
        assertThat(lab.holders(VIP2)).containsExactly("r2");
        assertThat(lab.answerThrough(VIP1)).contains("r1");
        assertThat(lab.answerThrough(VIP2)).contains("r2");
        assertThat(FailoverLab.within(MOVE, () -> roles("r1").equals(List.of(VrrpRole.MASTER, VrrpRole.BACKUP))
                && roles("r2").equals(List.of(VrrpRole.BACKUP, VrrpRole.MASTER))
                && roles("r3").equals(List.of(VrrpRole.BACKUP, VrrpRole.BACKUP))))
                .as("roles from notify events: %s", lab.states()).isTrue();
    }

    @Test
    void aKilledKeepalivedHandsVip1ToTheStandbyThenRestartsCleansUpAndTakesItBack() throws Exception {
        long killed = lab.killKeepalived("r1");

        // The stale VIP is kept until the standby has taken over, then removed: never two holders for long.
        assertVip1OnStandbyAndVip2Untouched();
        assertThat(lab.failover("r1").vipStates().get(VIP1).role()).isIn(VrrpRole.UNKNOWN, VrrpRole.BACKUP,
                VrrpRole.MASTER);
        assertThat(FailoverLab.within(SETTLE, () -> lab.failover("r1").keepalivedPid().isPresent()
                && lab.failover("r1").keepalivedPid().getAsLong() != killed))
                .as("keepalived restarted on r1").isTrue();
        // preempt_delay 0: the restarted home node takes VIP1 back (checked by restoreBaseline)
    }

    @Test
    void aPulledCableMovesVip1ToTheStandbyAndBackWhenPluggedIn() throws Exception {
        lab.link("r1", false);
        assertVip1OnStandbyAndVip2Untouched();
        assertThat(FailoverLab.within(MOVE, () -> lab.failover("r1").vipStates().get(VIP1).role() == VrrpRole.FAULT))
                .as("r1 reports FAULT: %s", lab.states()).isTrue();
        assertThat(lab.holders(VIP1)).doesNotContain("r1");
    }

    @Test
    void anUnhealthyRouterGivesUpItsVipAtOnceAndTakesItBackWhenHealthy() throws Exception {
        lab.failover("r1").setHealthy(false, "test: router unhealthy");
        Duration moved = lab.awaitHolders(VIP1, List.of("r3"), MOVE);
        assertVip1OnStandbyAndVip2Untouched();
        assertThat(moved).isLessThan(Duration.ofSeconds(1));
        assertThat(FailoverLab.within(MOVE, () -> roles("r1").equals(List.of(VrrpRole.FAULT, VrrpRole.FAULT))))
                .as("r1 in FAULT for both: %s", lab.states()).isTrue();
        assertThat(FailoverLab.within(MOVE, () -> lab.failover("r3").vipStates().get(VIP1).role() == VrrpRole.MASTER))
                .as("r3 MASTER of VIP1: %s", lab.states()).isTrue();
    }

    @Test
    void aDeadHaproxyFailsTheMonitorPortCheckAndMovesVip1() throws Exception {
        lab.killResponder("r1");
        assertVip1OnStandbyAndVip2Untouched();
    }

    @Test
    void aGracefulStopHandsVip1OverToTheStandby() throws Exception {
        lab.stopFailover("r1");
        assertThat(lab.holders(VIP1)).containsExactly("r3");
        assertVip1OnStandbyAndVip2Untouched();
    }

    @Test
    void withNopreemptAReturningHomeNodeLeavesVip1OnTheStandby() throws Exception {
        lab.stopFailover("r1");
        lab.awaitHolders(VIP1, List.of("r3"), MOVE);
        lab.startFailover("r1", Map.of(FailoverConfig.PREEMPTION, "nopreempt"));

        // 2 s is more than five master-down intervals at a 0.1 s advert: a preempting node would be back by now.
        assertThat(FailoverLab.within(Duration.ofSeconds(2),
                () -> !FailoverLab.unchecked(() -> lab.holders(VIP1)).equals(List.of("r3")))).isFalse();
        assertThat(lab.failover("r1").vipStates().get(VIP1).role()).isEqualTo(VrrpRole.BACKUP);
        lab.awaitAnswer(VIP1, "r3", MOVE);

        lab.stopFailover("r1"); // restoreBaseline starts it again with preemption, which brings VIP1 home
    }

    @Test
    void unicastAdvertsKeepTheNodesAgreedWhileMulticastVrrpIsDropped() throws Exception {
        for (String node : FailoverLab.NODES) {
            assertThat(lab.failover(node).config().unicastPeers()).hasSize(2);
            assertThat(lab.multicastDropped(node)).as("multicast VRRP dropped on %s", node).isZero();
        }
        assertThat(lab.holders(VIP1)).containsExactly("r1");
        assertThat(lab.holders(VIP2)).containsExactly("r2");
    }

    private List<VrrpRole> roles(String node) {
        return lab.failover(node).vipStates().values().stream().map(s -> s.role()).toList();
    }
}
