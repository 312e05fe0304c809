package io.signalbox.ipfailover;

import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes our VIPs from the interface. A keepalived that dies without a graceful stop leaves them there, so the
 * node would keep answering ARP for addresses another node now holds.
 */
public final class VipRemover {
    private static final Logger log = LoggerFactory.getLogger(VipRemover.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern INET = Pattern.compile("\\binet ([0-9.]+)/([0-9]+)");

    private final ProcessRunner runner;
    private final Launcher launcher;
    private final String networkInterface;
    private final List<Ipv4Address> vips;

    public VipRemover(ProcessRunner runner, Launcher launcher, String networkInterface, List<Ipv4Address> vips) {
        this.runner = runner;
        this.launcher = launcher;
        this.networkInterface = networkInterface;
        this.vips = List.copyOf(vips);
    }

    /** The VIPs on the interface now. */
    public List<Ipv4Address> held() throws IOException {
        return heldWithPrefix().keySet().stream().toList();
    }

    /** Each VIP on the interface, with its prefix length. */
    private Map<Ipv4Address, String> heldWithPrefix() throws IOException {
        ExecResult shown = runner.run(launcher.wrap(List.of("ip", "-o", "-4", "addr", "show", "dev", networkInterface)),
                Map.of(), TIMEOUT);
        if (!shown.succeeded()) {
            throw new IOException("ip addr show dev " + networkInterface + " failed: " + shown.output().strip());
        }
        Map<Ipv4Address, String> held = new java.util.LinkedHashMap<>();
        Matcher m = INET.matcher(shown.output());
        while (m.find()) {
            Ipv4Address address = Ipv4Address.parse("ip addr show", m.group(1));
            if (vips.contains(address)) {
                held.put(address, m.group(2));
            }
        }
        return held;
    }

    /** Returns the VIPs that were found on the interface and removed. */
    public List<Ipv4Address> removeAll(String why) throws IOException {
        List<Ipv4Address> removed = new ArrayList<>();
        for (Map.Entry<Ipv4Address, String> vip : heldWithPrefix().entrySet()) {
            Ipv4Address address = vip.getKey();
            ExecResult deleted = runner.run(launcher.wrap(List.of("ip", "addr", "del",
                    address + "/" + vip.getValue(), "dev", networkInterface)), Map.of(), TIMEOUT);
            if (deleted.succeeded()) {
                removed.add(address);
            } else {
                log.warn("cannot remove VIP {} from {}: {}", address, networkInterface, deleted.output().strip());
            }
        }
        if (!removed.isEmpty()) {
            log.warn("removed VIPs {} left on {} ({})", removed, networkInterface, why);
        }
        return removed;
    }
}
