package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeSettingsTest {
    @Test
    void noClusterWithoutMasterKubeconfigOrPod() {
        assertThat(KubeSettings.fromEnv(new EnvReader(Map.of()))).isEmpty();
    }

    @Test
    void masterUrlGivesTheDefaultsOfOpenShift() {
        KubeSettings settings = KubeSettings.fromEnv(new EnvReader(Map.of("KUBERNETES_MASTER", "http://127.0.0.1:8001",
                "POD_NAME", "router-a", "POD_NAMESPACE", "ingress"))).orElseThrow();
        assertThat(settings.watchEndpoints()).isFalse();
        assertThat(settings.updateStatus()).isTrue();
        assertThat(settings.namespace()).isEmpty();
        assertThat(settings.leaseNamespace()).isEqualTo("ingress");
        assertThat(settings.identity()).isEqualTo("router-a");
        assertThat(settings.resyncInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> KubeSettings.fromEnv(new EnvReader(Map.of("KUBERNETES_MASTER", "api:6443"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("KUBERNETES_MASTER=api:6443");
        assertThatThrownBy(() -> KubeSettings.fromEnv(new EnvReader(Map.of("KUBERNETES_MASTER", "http://api",
                "ROUTE_FIELDS", "metadata.name"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ROUTE_FIELDS=metadata.name");
    }

    @Test
    void fieldSelectorTermsAreSplitForTheWatch() {
        assertThat(KubeSettings.fieldRequirements("metadata.namespace!=kube-system, metadata.name==web"))
                .containsExactly(new KubeSettings.FieldRequirement("metadata.namespace", true, "kube-system"),
                        new KubeSettings.FieldRequirement("metadata.name", false, "web"));
        assertThat(KubeSettings.fieldRequirements("")).isEqualTo(List.of());
    }
}
