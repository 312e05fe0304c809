package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailoverConfigTest {

    static Map<String, String> threeNodes() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.100-101");
        env.put("OPENSHIFT_HA_NETWORK_INTERFACE", "eth0");
        env.put("SIGNALBOX_HA_NODES", "192.0.2.11,192.0.2.12,192.0.2.13");
        env.put("SIGNALBOX_HA_NODE", "192.0.2.11");
        return env;
    }

    static FailoverConfig config(Map<String, String> env) {
        return FailoverConfig.fromEnv(env);
    }

    static Map<String, String> with(String name, String value) {
        Map<String, String> env = threeNodes();
        env.put(name, value);
        return env;
    }

    @Test
    void defaultsAreSubSecondUnicastVrrpv3WithIpfailoversOffsetAndPreemption() {
        FailoverConfig c = config(threeNodes());
        assertThat(c.virtualIps()).map(Object::toString).containsExactly("192.0.2.100", "192.0.2.101");
        assertThat(c.vrrpVersion()).isEqualTo(3);
        assertThat(c.advertInterval().keepalivedValue()).isEqualTo("0.1");
        assertThat(c.unicastPeers()).map(Object::toString).containsExactly("192.0.2.12", "192.0.2.13");
        assertThat(c.vrrpIds()).containsExactly(11, 12);
        assertThat(c.preemption().keepalivedLine()).isEqualTo("preempt_delay 300");
        assertThat(c.monitorPort()).isEqualTo(80);
        assertThat(c.checkIntervalSeconds()).isEqualTo(2);
        assertThat(c.nodeIndex()).isZero();
        assertThat(c.workDir()).isEqualTo(Path.of("/var/lib/signalbox/ipfailover"));
    }

    @Test
    void rangesAndListsExpandInOrder() {
        FailoverConfig c = config(with("OPENSHIFT_HA_VIRTUAL_IPS", "10.42.42.42, 10.100.1.20-22 10.0.0.1"));
        assertThat(c.virtualIps()).map(Object::toString)
                .containsExactly("10.42.42.42", "10.100.1.20", "10.100.1.21", "10.100.1.22", "10.0.0.1");
    }

    @Test
    void vipGroupsSplitEvenlyWithTheFirstGroupsTakingTheRemainder() {
        Map<String, String> env = with("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.100-106");
        env.put("OPENSHIFT_HA_VIP_GROUPS", "3");
        assertThat(config(env).vipsByInstance()).extracting(List::size).containsExactly(3, 2, 2);
    }

    @Test
    void excludedVrrpIdsAreSkipped() {
        Map<String, String> env = with("OPENSHIFT_HA_VRRP_ID_OFFSET", "50");
        env.put("HA_EXCLUDED_VRRP_IDS", "51 53");
        assertThat(config(env).vrrpIds()).containsExactly(52, 54);
    }

    @Test
    void explicitUnicastPeersReplaceTheNodeListAndOwnAddressIsDropped() {
        FailoverConfig c = config(with("OPENSHIFT_HA_UNICAST_PEERS", "192.0.2.11,192.0.2.21"));
        assertThat(c.unicastPeers()).map(Object::toString).containsExactly("192.0.2.21");
    }

    @Test
    void multicastWhenAskedFor() {
        assertThat(config(with("SIGNALBOX_HA_MULTICAST", "true")).unicastPeers()).isEmpty();
    }

    @Test
    void preemptionAcceptsIpfailoversTwoForms() {
        assertThat(config(with("OPENSHIFT_HA_PREEMPTION", "nopreempt")).preemption().keepalivedLine())
                .isEqualTo("nopreempt");
        assertThat(config(with("OPENSHIFT_HA_PREEMPTION", "preempt_delay 0")).preemption().keepalivedLine())
                .isEqualTo("preempt_delay 0");
    }

    @Test
    void advertIntervalIsReadInSecondsOrMilliseconds() {
        assertThat(config(with("SIGNALBOX_HA_ADVERT_INTERVAL", "250ms")).advertInterval().keepalivedValue())
                .isEqualTo("0.25");
        Map<String, String> v2 = with("SIGNALBOX_HA_VRRP_VERSION", "2");
        assertThat(config(v2).advertInterval().keepalivedValue()).isEqualTo("1");
    }

    @Test
    void scriptsKeepPathAndPlainArguments() {
        FailoverConfig c = config(with("OPENSHIFT_HA_CHECK_SCRIPT", "/usr/local/bin/check --port=80"));
        assertThat(c.checkScript()).hasValueSatisfying(s -> assertThat(s.text()).isEqualTo("/usr/local/bin/check --port=80"));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.300"),
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.100-99"),
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.100}\n}"),
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.100 192.0.2.100"),
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "224.0.0.18"),
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "192.0.2.12"),
                Arguments.of("OPENSHIFT_HA_VIRTUAL_IPS", "2001:db8::1"),
                Arguments.of("OPENSHIFT_HA_NETWORK_INTERFACE", "eth0 }"),
                Arguments.of("OPENSHIFT_HA_NETWORK_INTERFACE", "averyveryverylongname"),
                Arguments.of("OPENSHIFT_HA_VRRP_ID_OFFSET", "254x"),
                Arguments.of("OPENSHIFT_HA_VRRP_ID_OFFSET", "254"),
                Arguments.of("HA_EXCLUDED_VRRP_IDS", "0"),
                Arguments.of("OPENSHIFT_HA_VIP_GROUPS", "3"),
                Arguments.of("OPENSHIFT_HA_MONITOR_PORT", "65536"),
                Arguments.of("OPENSHIFT_HA_CHECK_INTERVAL", "0"),
                Arguments.of("OPENSHIFT_HA_PREEMPTION", "preempt_delay 1001"),
                Arguments.of("OPENSHIFT_HA_PREEMPTION", "preempt"),
                Arguments.of("OPENSHIFT_HA_UNICAST_PEERS", "192.0.2.12;reboot"),
                Arguments.of("OPENSHIFT_HA_NOTIFY_SCRIPT", "/bin/sh -c \"reboot\""),
                Arguments.of("OPENSHIFT_HA_NOTIFY_SCRIPT", "notify.sh"),
                Arguments.of("OPENSHIFT_HA_CHECK_SCRIPT", "/bin/check\n}\nvrrp_script x {"),
                Arguments.of("OPENSHIFT_HA_CHECK_SCRIPT", "/bin/check $(reboot)"),
                Arguments.of("SIGNALBOX_HA_NODES", "192.0.2.11,192.0.2.11"),
                Arguments.of("SIGNALBOX_HA_NODE", "192.0.2.14"),
                Arguments.of("SIGNALBOX_HA_ADVERT_INTERVAL", "0.005"),
                Arguments.of("SIGNALBOX_HA_ADVERT_INTERVAL", "15ms"),
                Arguments.of("SIGNALBOX_HA_VRRP_VERSION", "4"),
                Arguments.of("SIGNALBOX_HA_MULTICAST", "maybe"),
                Arguments.of("SIGNALBOX_WORK_DIR", "/var/lib/sb\"x"),
                Arguments.of("SIGNALBOX_WORK_DIR", "relative/dir"));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @MethodSource("badValues")
    void badValuesStopStartUpNamingTheSetting(String name, String value) {
        assertThatThrownBy(() -> config(with(name, value)))
                .isInstanceOf(FailoverConfigException.class)
                .hasMessageStartingWith(name + ":");
    }

    @Test
    void aFractionalAdvertIsRefusedForVrrpv2() {
        Map<String, String> env = with("SIGNALBOX_HA_VRRP_VERSION", "2");
        env.put("SIGNALBOX_HA_ADVERT_INTERVAL", "0.5");
        assertThatThrownBy(() -> config(env)).hasMessageStartingWith("SIGNALBOX_HA_ADVERT_INTERVAL:")
                .hasMessageContaining("VRRPv2");
    }

    @Test
    void requiredSettingsAreNamedWhenMissing() {
        for (String name : List.of("OPENSHIFT_HA_VIRTUAL_IPS", "OPENSHIFT_HA_NETWORK_INTERFACE", "SIGNALBOX_HA_NODES",
                "SIGNALBOX_HA_NODE")) {
            Map<String, String> env = threeNodes();
            env.remove(name);
            assertThatThrownBy(() -> config(env)).hasMessageStartingWith(name + ": required");
        }
    }

    @Test
    void unicastPeersAndMulticastTogetherAreAContradiction() {
        Map<String, String> env = with("SIGNALBOX_HA_MULTICAST", "true");
        env.put("OPENSHIFT_HA_UNICAST_PEERS", "192.0.2.12");
        assertThatThrownBy(() -> config(env)).hasMessageStartingWith("OPENSHIFT_HA_UNICAST_PEERS:");
    }

    @Test
    void failoverIsConfiguredOnlyWhenVipsAreGiven() {
        assertThat(FailoverConfig.isConfigured(Map.of())).isFalse();
        assertThat(FailoverConfig.isConfigured(threeNodes())).isTrue();
    }
}
