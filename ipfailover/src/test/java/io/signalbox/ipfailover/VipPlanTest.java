package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VipPlanTest {

    static VipPlan plan(int vips, int nodes) {
        List<List<Ipv4Address>> groups = new ArrayList<>();
        List<Integer> vrids = new ArrayList<>();
        for (int i = 0; i < vips; i++) {
            groups.add(List.of(Ipv4Address.parse("test", "192.0.2." + (100 + i))));
            vrids.add(11 + i);
        }
        return VipPlan.of(groups, vrids, nodes);
    }

    @Test
    void twoVipsOnThreeNodesEachHaveTheirOwnHomeAndShareTheStandby() {
        VipPlan plan = plan(2, 3);
        VipPlan.Instance vip1 = plan.instances().get(0);
        VipPlan.Instance vip2 = plan.instances().get(1);
        assertThat(vip1.ranking()).containsExactly(0, 2, 1);
        assertThat(vip2.ranking()).containsExactly(1, 2, 0);
        assertThat(plan.standbyNodes()).containsExactly(2);
        assertThat(List.of(vip1.priorityOf(0), vip1.priorityOf(2), vip1.priorityOf(1))).containsExactly(250, 150, 50);
        assertThat(List.of(vip2.priorityOf(1), vip2.priorityOf(2), vip2.priorityOf(0))).containsExactly(250, 150, 50);
    }

    @Test
    void everyStandbyRanksRightAfterTheHomeForEveryVip() {
        VipPlan plan = plan(2, 5);
        assertThat(plan.standbyNodes()).containsExactly(2, 3, 4);
        for (VipPlan.Instance instance : plan.instances()) {
            assertThat(instance.ranking().subList(1, 4)).containsExactly(2, 3, 4);
        }
    }

    @Test
    void withAsManyVipsAsNodesEveryNodeIsHomeOnceAndBackupsRotate() {
        VipPlan plan = plan(3, 3);
        assertThat(plan.instances()).extracting(VipPlan.Instance::ranking)
                .containsExactly(List.of(0, 1, 2), List.of(1, 2, 0), List.of(2, 0, 1));
        assertThat(plan.standbyNodes()).isEmpty();
    }

    @Test
    void moreVipsThanNodesWrapAroundTheNodes() {
        VipPlan plan = plan(5, 2);
        assertThat(plan.instances()).extracting(VipPlan.Instance::homeNode).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void prioritiesAreDistinctPerVipAndWithinVrrpRangeUpToTheNodeLimit() {
        for (int nodes = 1; nodes <= FailoverConfig.MAX_NODES; nodes++) {
            for (VipPlan.Instance instance : plan(3, nodes).instances()) {
                int n = nodes;
                Set<Integer> priorities = new HashSet<>(IntStream.range(0, n).map(instance::priorityOf).boxed().toList());
                assertThat(priorities).hasSize(n).allSatisfy(p -> assertThat(p).isBetween(1, 254));
            }
        }
    }

    @Test
    void thePlanIsTheSameOnEveryComputation() {
        assertThat(plan(4, 3)).isEqualTo(plan(4, 3));
    }

    @Test
    void tableShowsPrioritiesPerNodeWithTheHomeMarked() {
        String table = plan(2, 3).table(List.of("node 1", "node 2", "node 3"));
        assertThat(table).isEqualTo("""
                | instance | VRID | VIPs | node 1 | node 2 | node 3 |
                |---|---|---|---|---|---|
                | VIP_1 | 11 | 192.0.2.100 | 250 home | 50 | 150 |
                | VIP_2 | 12 | 192.0.2.101 | 50 | 250 home | 150 |
                """);
    }
}
