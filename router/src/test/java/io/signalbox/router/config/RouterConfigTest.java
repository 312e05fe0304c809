package io.signalbox.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("SIGNALBOX_MANIFESTS_DIR", dir.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsAreOpenShiftsDefaults() {
        RouterConfig config = RouterConfig.fromEnv(env());
        assertThat(config.routerName()).isEqualTo("public");
        assertThat(config.reloadInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.render().httpPort()).isEqualTo(80);
        assertThat(config.render().maxConnections()).contains(50000);
        assertThat(config.render().loadBalanceAlgorithm()).isEqualTo("random");
        assertThat(config.render().allowLoopbackEndpoints()).isFalse();
        assertThat(config.admission().allowWildcardRoutes()).isFalse();
    }

    @Test
    void goDurationsAndListsAreRead() {
        RouterConfig config = RouterConfig.fromEnv(env("RELOAD_INTERVAL", "1m30s", "ROUTER_DENIED_DOMAINS",
                " bad.test, ,worse.test ", "ROUTER_MAX_CONNECTIONS", "auto", "ROUTER_ALLOW_WILDCARD_ROUTES", "T"));
        assertThat(config.reloadInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.admission().deniedDomains()).containsExactlyInAnyOrder("bad.test", "worse.test");
        assertThat(config.render().maxConnections()).isEmpty();
        assertThat(config.admission().allowWildcardRoutes()).isTrue();
    }

    @Test
    void badValuesStopStartUpNamingTheVariable() {
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("RELOAD_INTERVAL", "5 seconds")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("RELOAD_INTERVAL=5 seconds");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("ROUTER_SERVICE_HTTP_PORT", "70000")))
                .hasMessageStartingWith("ROUTER_SERVICE_HTTP_PORT");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("ROUTER_ALLOW_WILDCARD_ROUTES", "yes")))
                .hasMessageStartingWith("ROUTER_ALLOW_WILDCARD_ROUTES");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("ROUTER_BACKEND_CHECK_INTERVAL", "5000ms\n  option x")))
                .hasMessageStartingWith("ROUTER_BACKEND_CHECK_INTERVAL");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("ROUTE_LABELS", "a in (")))
                .hasMessageStartingWith("ROUTE_LABELS");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("ROUTER_OVERRIDE_HOSTNAME", "true")))
                .hasMessageContaining("ROUTER_SUBDOMAIN");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("ROUTER_COOKIE_NAME", "a b")))
                .hasMessageStartingWith("ROUTER_COOKIE_NAME");
        assertThatThrownBy(() -> RouterConfig.fromEnv(env("SIGNALBOX_WORK_DIR", "/tmp/a b")))
                .hasMessageStartingWith("SIGNALBOX_WORK_DIR");
    }

    @Test
    void aMissingManifestsFolderIsNamed() {
        Map<String, String> env = env();
        env.put("SIGNALBOX_MANIFESTS_DIR", dir.resolve("nope").toString());
        assertThatThrownBy(() -> RouterConfig.fromEnv(env)).hasMessageStartingWith("SIGNALBOX_MANIFESTS_DIR");
    }
}
