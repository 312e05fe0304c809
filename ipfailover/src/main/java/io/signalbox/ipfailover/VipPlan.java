package io.signalbox.ipfailover;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each VRRP instance lives, as explicit priority ladders: instance i's home is node i (mod the node count);
 * nodes that are home to no instance are hot standby and rank second for every instance; the other home nodes
 * follow in rotation. A pure function of the settings, so priorities are the same on every node and after every
 * restart, and distinct per instance (equal priorities make keepalived fall back to comparing addresses).
 */
public record VipPlan(List<Instance> instances, int nodeCount) {
    static final int TOP_PRIORITY = 250;
    static final int PRIORITY_SPAN = 200;

    /**
     * One VRRP instance.
     *
     * @param ranking node indexes from most to least preferred
     */
    public record Instance(String name, int vrid, List<Ipv4Address> vips, List<Integer> ranking) {
        public Instance {
            vips = List.copyOf(vips);
            ranking = List.copyOf(ranking);
        }

        public int homeNode() {
            return ranking.get(0);
        }

        /** Spread evenly from 250 down to 50, so backups' skews differ by a clear margin (no dual takeover). */
        public int priorityOf(int node) {
            int step = ranking.size() == 1 ? 0 : PRIORITY_SPAN / (ranking.size() - 1);
            return TOP_PRIORITY - ranking.indexOf(node) * step;
        }
    }

    public VipPlan {
        instances = List.copyOf(instances);
    }

    public static VipPlan of(FailoverConfig config) {
        return of(config.vipsByInstance(), config.vrrpIds(), config.nodes().size());
    }

    public static VipPlan of(List<List<Ipv4Address>> vipsByInstance, List<Integer> vrids, int nodeCount) {
        int count = vipsByInstance.size();
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Integer> ranking = new ArrayList<>();
            int home = i % nodeCount;
            ranking.add(home);
            for (int standby = count; standby < nodeCount; standby++) {
                ranking.add(standby);
            }
            int homes = Math.min(count, nodeCount);
            for (int k = 1; k < homes; k++) {
                ranking.add((home + k) % homes);
            }
            instances.add(new Instance("VIP_" + (i + 1), vrids.get(i), vipsByInstance.get(i), ranking));
        }
        return new VipPlan(instances, nodeCount);
    }

    /** Standby nodes: home to no instance. */
    public List<Integer> standbyNodes() {
        List<Integer> standby = new ArrayList<>();
        for (int node = instances.size(); node < nodeCount; node++) {
            standby.add(node);
        }
        return standby;
    }

    /** The plan as a Markdown table of priorities (rows: instances, columns: nodes), for logs and the README. */
    public String table(List<?> nodeNames) {
        StringBuilder out = new StringBuilder("| instance | VRID | VIPs |");
        nodeNames.forEach(n -> out.append(' ').append(n).append(" |"));
        out.append("\n|---|---|---|").append("---|".repeat(nodeCount)).append('\n');
        for (Instance instance : instances) {
            out.append("| ").append(instance.name()).append(" | ").append(instance.vrid()).append(" | ")
                    .append(String.join(" ", instance.vips().stream().map(Object::toString).toList())).append(" |");
            for (int node = 0; node < nodeCount; node++) {
                out.append(' ').append(instance.priorityOf(node)).append(node == instance.homeNode() ? " home" : "")
                        .append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
