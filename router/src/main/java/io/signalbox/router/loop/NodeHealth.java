package io.signalbox.router.loop;

import io.signalbox.ipfailover.FailoverService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node should hold VIPs: HAProxy running, the first sync applied, no shutdown under way. Every change
 * goes to keepalived at once (through the failover service's track file), so a VIP leaves a node whose router
 * stopped being healthy within one VRRP skew instead of a polling interval.
 */
final class NodeHealth {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

    private final FailoverService failover;
    private boolean haproxyRunning;
    private boolean serving;
    private boolean shuttingDown;
    private Boolean reported;

    NodeHealth(FailoverService failover) {
        this.failover = failover;
    }

    synchronized void haproxy(boolean running, String why) {
        haproxyRunning = running;
        report(why);
    }

    synchronized void serving() {
        serving = true;
        report("the first sync is applied");
    }

    synchronized void shuttingDown() {
        shuttingDown = true;
        report("shutting down");
    }

    private void report(String why) {
        boolean healthy = haproxyRunning && serving && !shuttingDown;
        if (reported == null || reported != healthy) {
            reported = healthy;
            String state = "HAProxy " + (haproxyRunning ? "running" : "not running")
                    + ", first sync " + (serving ? "applied" : "not applied yet")
                    + (shuttingDown ? ", shutting down" : "");
            LOG.info("node health for IP failover: {} ({}; last change: {})", healthy ? "healthy" : "unhealthy",
                    state, why);
            failover.setHealthy(healthy, state);
        }
    }
}
