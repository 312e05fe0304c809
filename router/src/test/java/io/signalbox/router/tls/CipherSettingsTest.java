package io.signalbox.router.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CipherSettingsTest {
    private static CipherSettings read(Map<String, String> env) {
        return CipherSettings.fromEnv(new EnvReader(env));
    }

    @Test
    void theDefaultsAreIntermediateFromTls12() {
        assertThat(read(Map.of())).isEqualTo(new CipherSettings(CipherSettings.INTERMEDIATE, Optional.empty(),
                "TLSv1.2", Optional.empty()));
    }

    @Test
    void profilesAndLiteralListsAreAccepted() {
        assertThat(read(Map.of("ROUTER_CIPHERS", "old")).ciphers()).isEqualTo(CipherSettings.OLD);
        assertThat(read(Map.of("ROUTER_CIPHERS", "ECDHE-RSA-AES128-GCM-SHA256:!aNULL",
                "ROUTER_CIPHERSUITES", "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384",
                "SSL_MIN_VERSION", "TLSv1.3", "SSL_MAX_VERSION", "TLSv1.3")))
                .isEqualTo(new CipherSettings("ECDHE-RSA-AES128-GCM-SHA256:!aNULL",
                        Optional.of("TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"), "TLSv1.3", Optional.of("TLSv1.3")));
    }

    @Test
    void valuesThatCouldBreakTheConfigStopStartUpNamingTheVariable() {
        assertThatThrownBy(() -> read(Map.of("ROUTER_CIPHERS", "AES128 \n  crt /etc/shadow")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ROUTER_CIPHERS=");
        assertThatThrownBy(() -> read(Map.of("ROUTER_CIPHERSUITES", "aes")))
                .hasMessageStartingWith("ROUTER_CIPHERSUITES=aes");
        assertThatThrownBy(() -> read(Map.of("SSL_MIN_VERSION", "TLS1.2")))
                .hasMessageStartingWith("SSL_MIN_VERSION=TLS1.2: use one of");
        assertThatThrownBy(() -> read(Map.of("SSL_MAX_VERSION", "TLSv1.1")))
                .hasMessage("SSL_MAX_VERSION=TLSv1.1: lower than SSL_MIN_VERSION TLSv1.2");
    }
}
