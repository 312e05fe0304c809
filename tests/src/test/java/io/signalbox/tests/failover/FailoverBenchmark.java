package io.signalbox.tests.failover;

import static io.signalbox.tests.failover.FailoverLab.VIP1;

import io.signalbox.haproxy.StartedProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Failover times per fault on r1 (VIP1 moving to the standby r3), phase-randomised, for
 * tests/failover/bench-failover.sh. Not a timed test: it runs only with -Dsignalbox.bench=true and asserts nothing.
 * "netlink" is the RTM_NEWADDR of VIP1 on r3 ({@code ip -ts monitor address}); "client" is the first HTTP 200 from r3
 * through VIP1, probing every few ms from the client namespace (curl, 0.05 s timeout).
 */
@EnabledIfSystemProperty(named = "signalbox.bench", matches = "true")
class FailoverBenchmark {
    private static final Pattern NEW_VIP1 = Pattern.compile(
            "^\\[([0-9T:.-]+)\\].* inet " + Pattern.quote(VIP1) + "/32 ");
    private static final Duration SETTLE = Duration.ofSeconds(10);

    enum Fault { KEEPALIVED_KILL, NODE_LINK_DOWN, GRACEFUL_STOP, HAPROXY_DEATH, UNHEALTHY }

    @Test
    void measure() throws Exception {
        int trials = Integer.getInteger("signalbox.bench.trials", 5);
        try (FailoverLab lab = new FailoverLab().up()) {
            for (String node : FailoverLab.NODES) {
                lab.startFailover(node, Map.of());
            }
            baseline(lab);
            List<String> rows = new ArrayList<>();
            for (Fault fault : Fault.values()) {
                List<Double> netlink = new ArrayList<>();
                List<Double> client = new ArrayList<>();
                for (int trial = 0; trial < trials; trial++) {
                    double[] t = trial(lab, fault);
                    netlink.add(t[0]);
                    client.add(t[1]);
                    System.out.printf(Locale.ROOT, "BENCH trial %s %d netlink=%.3f client=%.3f%n", fault, trial, t[0],
                            t[1]);
                    restore(lab);
                }
                rows.add(String.format(Locale.ROOT, "| %s | %d | %s | %s |", fault.name().toLowerCase(Locale.ROOT),
                        trials, summary(netlink), summary(client)));
            }
            System.out.println("BENCH | fault on r1 | n | VIP1 on r3, netlink (min / median / max s)"
                    + " | client 1st 200 from r3 (min / median / max s) |");
            System.out.println("BENCH |---|---|---|---|");
            rows.forEach(r -> System.out.println("BENCH " + r));
        }
    }

    private static double[] trial(FailoverLab lab, Fault fault) throws Exception {
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        StartedProcess monitor = lab.runner.start(List.of("ip", "-ts", "-n", lab.ns("r3"), "monitor", "address"),
                Map.of(), events::add, line -> { });
        ConcurrentLinkedQueue<String> probes = new ConcurrentLinkedQueue<>();
        // At most 600 probes of at most 0.05 s each: bounded in time and count. A probe in flight when the VIP
        // moves is lost with its SYN, so the client figure includes up to one 0.05 s probe timeout.
        StartedProcess prober = lab.runner.start(List.of("ip", "netns", "exec", lab.ns("client"), "sh", "-c",
                "i=0; while [ $i -lt 600 ]; do i=$((i+1)); r=$(curl -s --max-time 0.05 http://" + VIP1
                        + "/); echo \"$(date +%s.%N) $r\"; done"), Map.of(), probes::add, line -> { });
        try {
            Thread.sleep(300 + ThreadLocalRandom.current().nextInt(100)); // random phase against the advert timer
            Instant faultAt = Instant.now();
            inject(lab, fault);
            double netlink = Double.NaN;
            double client = Double.NaN;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && (Double.isNaN(netlink) || Double.isNaN(client))) {
                Thread.sleep(20);
                for (String line : events) {
                    var m = NEW_VIP1.matcher(line);
                    if (m.find() && !line.contains("Deleted")) {
                        Instant at = LocalDateTime.parse(m.group(1)).atZone(ZoneId.systemDefault()).toInstant();
                        netlink = seconds(faultAt, at);
                        break;
                    }
                }
                for (String line : probes) {
                    String[] parts = line.split(" ", 2);
                    if (parts.length == 2 && parts[1].equals("r3")) {
                        Instant at = Instant.ofEpochSecond(0, Math.round(Double.parseDouble(parts[0]) * 1e9));
                        if (at.isAfter(faultAt)) {
                            client = seconds(faultAt, at);
                            break;
                        }
                    }
                }
            }
            return new double[] {netlink, client};
        } finally {
            monitor.process().destroy();
            prober.process().descendants().forEach(ProcessHandle::destroy);
            prober.process().destroy();
        }
    }

    // An if chain, not a switch: a switch on an enum compiles to a synthetic FailoverBenchmark$1, which
    // surefire's -Dtest='io.signalbox.tests.failover.**' would try to run as a test class.
    private static void inject(FailoverLab lab, Fault fault) throws Exception {
        if (fault == Fault.KEEPALIVED_KILL) {
            lab.killKeepalived("r1");
        } else if (fault == Fault.NODE_LINK_DOWN) {
            lab.link("r1", false);
        } else if (fault == Fault.GRACEFUL_STOP) {
            lab.stopFailover("r1");
        } else if (fault == Fault.UNHEALTHY) {
            lab.failover("r1").setHealthy(false, "bench");
        } else {
            // What the daemon does: HAProxy's exit reports the router unhealthy at once.
            lab.killResponder("r1");
            lab.failover("r1").setHealthy(false, "HAProxy exited");
        }
    }

    private static void restore(FailoverLab lab) throws Exception {
        lab.link("r1", true);
        if (!lab.responderRunning("r1")) {
            lab.startResponder("r1");
        }
        if (!lab.isRunning("r1")) {
            lab.startFailover("r1", Map.of());
        }
        lab.failover("r1").setHealthy(true, "bench restore");
        baseline(lab);
        Thread.sleep(500); // let the restarted node settle before the next fault
    }

    private static void baseline(FailoverLab lab) throws Exception {
        lab.awaitHolders(VIP1, List.of("r1"), SETTLE);
        lab.awaitHolders(FailoverLab.VIP2, List.of("r2"), SETTLE);
        lab.awaitAnswer(VIP1, "r1", SETTLE);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", sorted.get(0), sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }
}
