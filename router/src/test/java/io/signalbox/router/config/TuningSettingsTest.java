package io.signalbox.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.render.annotations.HeaderRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningSettingsTest {
    private static TuningSettings read(Map<String, String> env) {
        return TuningSettings.fromEnv(new EnvReader(env), new EnvReader(env).string("ROUTER_LOAD_BALANCE_ALGORITHM", "random"));
    }

    @Test
    void defaultsAreOpenShiftsTemplateDefaults() {
        TuningSettings tuning = TuningSettings.defaults();
        assertThat(tuning.timeouts()).extracting(t -> t.name() + " " + t.value()).containsExactly("connect 5s",
                "client 30s", "client-fin 1s", "server 30s", "server-fin 1s", "http-request 10s", "http-keep-alive 300s",
                "tunnel 1h");
        assertThat(tuning.tcpBalanceScheme()).isEqualTo("source");
        assertThat(tuning.threads()).isNull();
        assertThat(tuning.compressionMime()).isNull();
        assertThat(tuning.syslog()).isNull();
        assertThat(tuning.forwardedHeaders()).isEqualTo("append");
        assertThat(tuning.ipMode()).isEqualTo("v4");
    }

    @Test
    void settingsAreRead() {
        TuningSettings tuning = read(Map.of("ROUTER_DEFAULT_SERVER_TIMEOUT", "5000d", "ROUTER_LOAD_BALANCE_ALGORITHM", "leastconn",
                "ROUTER_THREADS", "4", "ROUTER_ENABLE_COMPRESSION", "true", "ROUTER_COMPRESSION_MIME", "text/html  application/json",
                "ROUTER_SYSLOG_ADDRESS", "127.0.0.1:514", "ROUTER_LOG_LEVEL", "info",
                "ROUTER_CAPTURE_HTTP_COOKIE", "session=:100", "ROUTER_UNIQUE_ID_FORMAT", "%{+X}o\\ %ci:%cp\\\\x",
                "ROUTER_UNIQUE_ID_HEADER_NAME", "X-Request-Id"));
        assertThat(tuning.timeouts()).contains(new TuningSettings.Timeout("server", "2147483647ms"));
        assertThat(tuning.tcpBalanceScheme()).isEqualTo("leastconn");
        assertThat(tuning.threads()).isEqualTo(4);
        assertThat(tuning.compressionMime()).isEqualTo("text/html application/json");
        assertThat(tuning.syslog()).isEqualTo(new TuningSettings.Syslog("127.0.0.1:514", 1024, "local1", "info"));
        assertThat(tuning.captureCookie()).isEqualTo(new TuningSettings.Capture("session=", 100));
        assertThat(tuning.cookieCaptureLength()).isEqualTo(100);
        // OpenShift's config has the format unquoted, where a backslash escapes the next character; here it is quoted.
        assertThat(tuning.uniqueIdFormat()).isEqualTo("'%{+X}o %ci:%cp\\x'");
        assertThat(tuning.uniqueIdHeader()).isEqualTo("X-Request-Id");
    }

    @Test
    void headerActionsAreUrlDecodedAndQuoted() {
        TuningSettings tuning = read(Map.of("ROUTER_HTTP_REQUEST_HEADERS", "X-A:a%2Cb%3Ac:Set,X-B:Delete",
                "ROUTER_HTTP_RESPONSE_HEADERS", "X-Frame-Options:DENY:Set"));
        assertThat(tuning.requestHeaders()).containsExactly(new HeaderRule("set-header", "'X-A'", "'a,b:c'"),
                new HeaderRule("del-header", "'X-B'", null));
        assertThat(tuning.responseHeaders()).containsExactly(new HeaderRule("set-header", "'X-Frame-Options'", "'DENY'"));
    }

    @Test
    void aBadValueStopsStartUpNamingTheVariable() {
        for (List<String> bad : List.of(
                List.of("ROUTER_DEFAULT_CONNECT_TIMEOUT", "soon"),
                List.of("ROUTER_TCP_BALANCE_SCHEME", "first"),
                List.of("ROUTER_THREADS", "0"),
                List.of("ROUTER_THREADS", "65"),
                List.of("ROUTER_SET_FORWARDED_HEADERS", "always"),
                List.of("ROUTER_IP_V4_V6_MODE", "v5"),
                List.of("ROUTER_HTTP_REQUEST_HEADERS", "X-A:Set"),
                List.of("ROUTER_HTTP_RESPONSE_HEADERS", "Bad Name:v:Set"),
                List.of("ROUTER_H1_CASE_ADJUST", "Host Name"),
                List.of("ROUTER_CAPTURE_HTTP_REQUEST_HEADERS", "Host"),
                List.of("ROUTER_SYSLOG_ADDRESS", "127.0.0.1:514 # x"),
                List.of("ROUTER_ENABLE_COMPRESSION", "maybe"))) {
            assertThatThrownBy(() -> read(Map.of(bad.get(0), bad.get(1))))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith(bad.get(0));
        }
        assertThatThrownBy(() -> read(Map.of("ROUTER_ENABLE_COMPRESSION", "true", "ROUTER_COMPRESSION_MIME", "text/html;evil")))
                .hasMessageStartingWith("ROUTER_COMPRESSION_MIME");
    }
}
