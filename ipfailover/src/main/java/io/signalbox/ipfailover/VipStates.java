package io.signalbox.ipfailover;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The role of this node per VRRP instance, from notify events; read by metrics through {@link #byVip()}. */
public final class VipStates {
    private static final Logger log = LoggerFactory.getLogger(VipStates.class);

    private record Entry(VrrpRole role, Instant since) {
    }

    private final VipPlan plan;
    private final Clock clock;
    private final Map<String, Entry> byInstance = new ConcurrentHashMap<>();

    public VipStates(VipPlan plan, Clock clock) {
        this.plan = plan;
        this.clock = clock;
        resetAll("not started");
    }

    public void apply(NotifyEvent event) {
        if (plan.instances().stream().noneMatch(i -> i.name().equals(event.instance()))) {
            log.warn("notify event for unknown VRRP instance {}", event.instance());
            return;
        }
        set(event.instance(), event.role(), "keepalived notify (priority " + event.priority() + ")");
    }

    /**
     * An adopted keepalived told its events to a daemon that died: until it says more, a node that holds an
     * instance's VIPs is its MASTER, else BACKUP.
     */
    public void fromAddresses(java.util.Collection<Ipv4Address> held, String reason) {
        plan.instances().forEach(i -> set(i.name(), held.containsAll(i.vips()) ? VrrpRole.MASTER : VrrpRole.BACKUP,
                reason));
    }

    /** keepalived is gone without a word: what it last said no longer holds. */
    public void resetAll(String reason) {
        plan.instances().forEach(i -> set(i.name(), VrrpRole.UNKNOWN, reason));
    }

    private void set(String instance, VrrpRole role, String reason) {
        Entry previous = byInstance.get(instance);
        if (previous != null && previous.role() == role) {
            return;
        }
        byInstance.put(instance, new Entry(role, clock.instant()));
        if (previous != null) {
            log.info("{} {}: {} -> {} ({})", instance, vipsOf(instance), previous.role(), role, reason);
        }
    }

    /** Every VIP, in configured order. */
    public Map<String, VipState> byVip() {
        Map<String, VipState> result = new LinkedHashMap<>();
        for (VipPlan.Instance instance : plan.instances()) {
            Entry entry = byInstance.get(instance.name());
            instance.vips().forEach(vip -> result.put(vip.toString(),
                    new VipState(vip.toString(), instance.name(), entry.role(), entry.since())));
        }
        return result;
    }

    private Object vipsOf(String instance) {
        return plan.instances().stream().filter(i -> i.name().equals(instance)).findFirst()
                .map(VipPlan.Instance::vips).orElseThrow();
    }
}
