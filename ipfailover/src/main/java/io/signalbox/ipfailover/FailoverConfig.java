package io.signalbox.ipfailover;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Failover settings, read once and validated: ipfailover's names where it has one, {@code SIGNALBOX_HA_*} for what
 * it lacks (the ordered router node list, this node's place in it, the advert interval, the VRRP version).
 *
 * @param virtualIps       the VIPs, ranges expanded, in the order given
 * @param vipGroups        how many VRRP instances share the VIPs; 0 gives one instance per VIP
 * @param monitorPort      port on this node's address that must accept connections; 0 disables the check
 * @param unicastPeers     peers adverts are sent to; empty means multicast
 * @param nodes            every router node's address, in the order that decides VIP placement
 * @param nodeIndex        this node's place in {@code nodes}, from 0
 * @param workDir          where keepalived.conf, pid files, the track file and the notify FIFO live
 */
public record FailoverConfig(
        List<Ipv4Address> virtualIps,
        String networkInterface,
        int vrrpIdOffset,
        Set<Integer> excludedVrrpIds,
        int vipGroups,
        int monitorPort,
        int checkIntervalSeconds,
        Preemption preemption,
        List<Ipv4Address> unicastPeers,
        Optional<ScriptCommand> notifyScript,
        Optional<ScriptCommand> checkScript,
        List<Ipv4Address> nodes,
        int nodeIndex,
        int vrrpVersion,
        AdvertInterval advertInterval,
        Path workDir,
        String keepalivedBinary) {

    public static final String VIRTUAL_IPS = "OPENSHIFT_HA_VIRTUAL_IPS";
    public static final String NETWORK_INTERFACE = "OPENSHIFT_HA_NETWORK_INTERFACE";
    public static final String VRRP_ID_OFFSET = "OPENSHIFT_HA_VRRP_ID_OFFSET";
    public static final String EXCLUDED_VRRP_IDS = "HA_EXCLUDED_VRRP_IDS";
    public static final String VIP_GROUPS = "OPENSHIFT_HA_VIP_GROUPS";
    public static final String MONITOR_PORT = "OPENSHIFT_HA_MONITOR_PORT";
    public static final String CHECK_INTERVAL = "OPENSHIFT_HA_CHECK_INTERVAL";
    public static final String PREEMPTION = "OPENSHIFT_HA_PREEMPTION";
    public static final String UNICAST_PEERS = "OPENSHIFT_HA_UNICAST_PEERS";
    public static final String NOTIFY_SCRIPT = "OPENSHIFT_HA_NOTIFY_SCRIPT";
    public static final String CHECK_SCRIPT = "OPENSHIFT_HA_CHECK_SCRIPT";
    public static final String NODES = "SIGNALBOX_HA_NODES";
    public static final String NODE = "SIGNALBOX_HA_NODE";
    public static final String ADVERT_INTERVAL = "SIGNALBOX_HA_ADVERT_INTERVAL";
    public static final String VRRP_VERSION = "SIGNALBOX_HA_VRRP_VERSION";
    public static final String MULTICAST = "SIGNALBOX_HA_MULTICAST";
    public static final String WORK_DIR = "SIGNALBOX_WORK_DIR";
    public static final String KEEPALIVED_BINARY = "SIGNALBOX_KEEPALIVED_BINARY";

    static final int MAX_NODES = 64;
    // Linux interface names: at most 15 bytes; '/', whitespace and ':' are never valid.
    private static final String INTERFACE_NAME = "[A-Za-z0-9_.-]{1,15}";
    // Paths land inside keepalived.conf, so only characters that need no quoting there.
    private static final String SAFE_PATH = "/[A-Za-z0-9_./-]*";

    public FailoverConfig {
        virtualIps = List.copyOf(virtualIps);
        excludedVrrpIds = Set.copyOf(excludedVrrpIds);
        unicastPeers = List.copyOf(unicastPeers);
        nodes = List.copyOf(nodes);
    }

    /** True when failover is wanted at all: the daemon starts it only when VIPs are configured. */
    public static boolean isConfigured(Map<String, String> env) {
        return new FailoverEnv(env).get(VIRTUAL_IPS).isPresent();
    }

    /** Reads and validates every setting; the first bad one stops start-up, named in the exception. */
    public static FailoverConfig fromEnv(Map<String, String> environment) {
        FailoverEnv env = new FailoverEnv(environment);
        List<Ipv4Address> vips = VirtualIps.parse(VIRTUAL_IPS,
                env.required(VIRTUAL_IPS, "the virtual IPs, e.g. 192.0.2.100-101"));
        if (vips.isEmpty()) {
            throw new FailoverConfigException(VIRTUAL_IPS + ": no address given");
        }
        String networkInterface = env.required(NETWORK_INTERFACE, "the interface the VIPs live on, e.g. eth0");
        if (!networkInterface.matches(INTERFACE_NAME) || networkInterface.matches("\\.{1,2}")) {
            throw new FailoverConfigException(NETWORK_INTERFACE + ": '" + networkInterface
                    + "' is not an interface name (1-15 letters, digits, _ . -)");
        }

        List<Ipv4Address> nodes = addressList(NODES, env.required(NODES,
                "every router node's address, in placement order, e.g. 192.0.2.11,192.0.2.12,192.0.2.13"));
        if (nodes.isEmpty() || nodes.size() > MAX_NODES) {
            throw new FailoverConfigException(NODES + ": between 1 and " + MAX_NODES + " node addresses");
        }
        Ipv4Address self = Ipv4Address.parse(NODE, env.required(NODE, "this node's address, one of " + NODES));
        int nodeIndex = nodes.indexOf(self);
        if (nodeIndex < 0) {
            throw new FailoverConfigException(NODE + ": " + self + " is not in " + NODES + " " + nodes);
        }
        for (Ipv4Address vip : vips) {
            if (nodes.contains(vip)) {
                throw new FailoverConfigException(VIRTUAL_IPS + ": " + vip + " is a node address in " + NODES);
            }
        }

        int vrrpVersion = env.integer(VRRP_VERSION, 3, 2, 3);
        AdvertInterval advert = env.get(ADVERT_INTERVAL)
                .map(v -> AdvertInterval.parse(ADVERT_INTERVAL, v, vrrpVersion))
                .orElse(AdvertInterval.defaultFor(vrrpVersion));

        boolean multicast = env.bool(MULTICAST, false);
        List<Ipv4Address> peers;
        if (env.get(UNICAST_PEERS).isPresent()) {
            if (multicast) {
                throw new FailoverConfigException(UNICAST_PEERS + ": set while " + MULTICAST + "=true");
            }
            peers = new ArrayList<>(addressList(UNICAST_PEERS, env.get(UNICAST_PEERS).get()));
            peers.remove(self);
        } else if (multicast) {
            peers = List.of();
        } else {
            // The peers are the other router nodes: known, so no multicast needed (and none to be firewalled).
            peers = nodes.stream().filter(n -> !n.equals(self)).toList();
        }

        int vipGroups = env.integer(VIP_GROUPS, 0, 0, vips.size());
        int offset = env.integer(VRRP_ID_OFFSET, 10, 0, 254);
        Set<Integer> excluded = vrids(EXCLUDED_VRRP_IDS, env.get(EXCLUDED_VRRP_IDS).orElse(""));

        Path workDir = Path.of(env.get(WORK_DIR).orElse("/var/lib/signalbox")).resolve("ipfailover").normalize();
        if (!workDir.toString().matches(SAFE_PATH)) {
            throw new FailoverConfigException(WORK_DIR + ": '" + env.get(WORK_DIR).orElse("")
                    + "' must be an absolute path of letters, digits and _ . / -");
        }
        String binary = env.get(KEEPALIVED_BINARY).orElse("keepalived");
        if (!binary.matches(SAFE_PATH) && !binary.matches("[A-Za-z0-9_.-]+")) {
            throw new FailoverConfigException(KEEPALIVED_BINARY + ": '" + binary + "' is not a program path");
        }

        FailoverConfig config = new FailoverConfig(vips, networkInterface, offset, excluded, vipGroups,
                env.integer(MONITOR_PORT, 80, 0, 65535),
                env.integer(CHECK_INTERVAL, 2, 1, 3600),
                env.get(PREEMPTION).map(v -> Preemption.parse(PREEMPTION, v)).orElse(Preemption.DEFAULT),
                peers,
                env.get(NOTIFY_SCRIPT).map(v -> ScriptCommand.parse(NOTIFY_SCRIPT, v)),
                env.get(CHECK_SCRIPT).map(v -> ScriptCommand.parse(CHECK_SCRIPT, v)),
                nodes, nodeIndex, vrrpVersion, advert, workDir, binary);
        config.vrrpIds(); // fails now, naming the offset, if the instances do not fit below 256
        return config;
    }

    public Ipv4Address self() {
        return nodes.get(nodeIndex);
    }

    /** The VIPs split into instances as ipfailover splits them: evenly, the first groups taking the remainder. */
    public List<List<Ipv4Address>> vipsByInstance() {
        int groups = vipGroups == 0 ? virtualIps.size() : vipGroups;
        List<List<Ipv4Address>> result = new ArrayList<>();
        int next = 0;
        for (int g = 0; g < groups; g++) {
            int size = virtualIps.size() / groups + (g < virtualIps.size() % groups ? 1 : 0);
            result.add(virtualIps.subList(next, next + size));
            next += size;
        }
        return result;
    }

    /** One VRID per instance: offset+1, offset+2, ... skipping the excluded ones. */
    public List<Integer> vrrpIds() {
        List<Integer> ids = new ArrayList<>();
        int candidate = vrrpIdOffset;
        while (ids.size() < vipsByInstance().size()) {
            candidate++;
            if (candidate > 255) {
                throw new FailoverConfigException(VRRP_ID_OFFSET + ": " + vrrpIdOffset + " leaves no room for "
                        + vipsByInstance().size() + " VRRP instances below 256 (excluding " + new TreeSet<>(excludedVrrpIds)
                        + "); lower it or set " + VIP_GROUPS);
            }
            if (!excludedVrrpIds.contains(candidate)) {
                ids.add(candidate);
            }
        }
        return ids;
    }

    private static List<Ipv4Address> addressList(String setting, String text) {
        Set<Ipv4Address> result = new LinkedHashSet<>();
        for (String token : text.trim().split("[,\\s]+")) {
            Ipv4Address address = Ipv4Address.parse(setting, token);
            if (!address.isUsableUnicast()) {
                throw new FailoverConfigException(setting + ": " + address + " is not a unicast host address");
            }
            if (!result.add(address)) {
                throw new FailoverConfigException(setting + ": " + address + " is listed twice");
            }
        }
        return List.copyOf(result);
    }

    private static Set<Integer> vrids(String setting, String text) {
        Set<Integer> result = new TreeSet<>();
        for (String token : text.trim().split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!token.matches("[0-9]{1,3}") || Integer.parseInt(token) < 1 || Integer.parseInt(token) > 255) {
                throw new FailoverConfigException(setting + ": '" + token + "' is not a VRRP id (1-255)");
            }
            result.add(Integer.parseInt(token));
        }
        return result;
    }
}
