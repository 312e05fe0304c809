package io.signalbox.router.loop;

import io.signalbox.ipfailover.FailoverService;
import io.signalbox.ipfailover.VipState;
import io.signalbox.ipfailover.VrrpRole;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One line of `signalbox vips`: a VIP, this node's VRRP state for it, since when, and who holds it as far as this
 * node can tell (itself when MASTER; otherwise another node, which VRRP does not name).
 */
public record VipRow(String vip, String state, String since, String holder) {

    static List<VipRow> of(FailoverService failover) {
        String self = failover.config().self().toString();
        List<VipRow> rows = new ArrayList<>();
        for (VipState s : new TreeMap<>(failover.vipStates()).values()) {
            String holder = s.role() == VrrpRole.MASTER ? self + " (this node)"
                    : s.role() == VrrpRole.BACKUP ? "another node" : "unknown";
            rows.add(new VipRow(s.vip(), s.role().name(), String.valueOf(s.since()), holder));
        }
        return rows;
    }
}
