package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden output for the README's 2 VIPs on 3 nodes, and every variant accepted by keepalived -t itself. */
class KeepalivedConfigRendererTest {
    private static final ProcessRunner RUNNER = new ProcessRunner();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // keepalived -t insists that the interface exists: a scratch namespace of our own provides eth0.
    private static final String NAMESPACE = "sbkt-" + ProcessHandle.current().pid() + "-"
            + ThreadLocalRandom.current().nextInt(1000, 10000);

    @TempDir
    Path dir;

    @BeforeAll
    static void scratchNamespace() throws IOException {
        run(List.of("ip", "netns", "add", NAMESPACE));
        run(List.of("ip", "-n", NAMESPACE, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1"));
    }

    @AfterAll
    static void removeNamespace() throws IOException {
        RUNNER.run(List.of("ip", "netns", "del", NAMESPACE), Map.of(), TIMEOUT);
    }

    private static String render(Map<String, String> env) {
        FailoverConfig config = FailoverConfig.fromEnv(env);
        return new KeepalivedConfigRenderer().render(config, VipPlan.of(config), new FailoverPaths(config.workDir()));
    }

    @Test
    void nodeOneOfThreeMatchesTheGoldenFile() throws IOException {
        String golden = new String(getClass().getResourceAsStream("golden/node1-of-3.conf").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(render(FailoverConfigTest.threeNodes())).isEqualTo(golden);
    }

    @Test
    void theStandbyRanksSecondOnBothVips() {
        Map<String, String> env = FailoverConfigTest.threeNodes();
        env.put("SIGNALBOX_HA_NODE", "192.0.2.13");
        String text = render(env);
        assertThat(text).contains("vrrp_instance VIP_1 {\n    # home: 192.0.2.11\n")
                .contains("vrrp_instance VIP_2 {\n    # home: 192.0.2.12\n");
        assertThat(text.split("priority 150", -1)).hasSize(3);
    }

    @Test
    void everyVariantPassesKeepalivedsOwnCheck() throws IOException {
        Map<String, String> base = FailoverConfigTest.threeNodes();
        List<Map<String, String>> variants = List.of(
                base,
                with(base, "SIGNALBOX_HA_NODE", "192.0.2.13"),
                with(base, "OPENSHIFT_HA_PREEMPTION", "nopreempt"),
                with(with(base, "OPENSHIFT_HA_MONITOR_PORT", "0"), "SIGNALBOX_HA_MULTICAST", "true"),
                with(with(base, "OPENSHIFT_HA_CHECK_SCRIPT", "/usr/bin/test -e /etc/hostname"),
                        "OPENSHIFT_HA_NOTIFY_SCRIPT", "/usr/bin/logger -t vip"),
                with(with(base, "SIGNALBOX_HA_VRRP_VERSION", "2"), "OPENSHIFT_HA_UNICAST_PEERS", "192.0.2.21"),
                with(with(base, "OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.100-110"), "OPENSHIFT_HA_VIP_GROUPS", "4"),
                with(base, "SIGNALBOX_HA_ADVERT_INTERVAL", "40.95"));
        for (Map<String, String> env : variants) {
            Path file = dir.resolve("keepalived.conf");
            String text = render(env);
            Files.writeString(file, text);
            ExecResult check = RUNNER.run(List.of("ip", "netns", "exec", NAMESPACE, "keepalived", "--config-test",
                    "--use-file=" + file), Map.of(), TIMEOUT);
            assertThat(check.exitCode()).as("keepalived -t on\n%s\nsaid: %s", text, check.output()).isZero();
        }
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put(name, value);
        return copy;
    }

    private static void run(List<String> command) throws IOException {
        ExecResult result = RUNNER.run(command, Map.of(), TIMEOUT);
        if (!result.succeeded()) {
            throw new IOException(command + ": " + result.output());
        }
    }
}
