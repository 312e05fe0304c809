package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckerTest {

    private final ConfigChecker checker = new ConfigChecker(new ProcessRunner());

    @TempDir
    Path dir;

    @Test
    void acceptsAValidConfiguration() throws Exception {
        Path config = TestConfigs.write(dir.resolve("haproxy.config"),
                TestConfigs.httpReturn(dir, TestConfigs.freePort(), 200, "ok"));

        CheckResult result = checker.check(config, Map.of());

        assertThat(result.valid()).as(result.output()).isTrue();
        assertThat(result.errorLines()).isEmpty();
    }

    @Test
    void namesTheLinesOfEveryError() throws Exception {
        Path config = TestConfigs.write(dir.resolve("haproxy.config"), """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    no_such_keyword here
                    http-request return status 200
                    also_not_a_keyword
                backend be
                    server s1 127.0.0.1:1 check inter bogus
                """.formatted(TestConfigs.freePort()));

        CheckResult result = checker.check(config, Map.of());

        assertThat(result.valid()).isFalse();
        assertThat(result.errorLines()).containsExactly(8, 10, 12);
        assertThat(result.output()).contains("unknown keyword 'no_such_keyword'");
        // At low priority the verdict and the lines are the same.
        CheckResult background = checker.checkInBackground(config, Map.of());
        assertThat(background.valid()).isFalse();
        assertThat(background.errorLines()).containsExactly(8, 10, 12);
        assertThat(checker.checkInBackground(TestConfigs.write(dir.resolve("valid.config"),
                TestConfigs.httpReturn(dir, TestConfigs.freePort(), 200, "ok")), Map.of()).valid()).isTrue();
    }

    @Test
    void resolvesMapPathsFromTheGivenEnvironment() throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("hosts.map"), "example.com be\n");
        Path config = TestConfigs.write(dir.resolve("haproxy.config"), mapConfig());

        CheckResult withEnv = checker.check(config, Map.of("SIGNALBOX_CONF", conf.toString()));
        CheckResult withoutEnv = checker.check(config, Map.of());

        assertThat(withEnv.valid()).as(withEnv.output()).isTrue();
        assertThat(withoutEnv.valid()).isFalse();
        assertThat(withoutEnv.output()).contains("failed to open pattern file </hosts.map>");
        assertThat(withoutEnv.errorLines()).containsExactly(8);
    }

    @Test
    void countsOnlyLinesOfTheConfigurationNotOfTheMapsItLoads() throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("hosts.map"), "example.com be\n(unclosed[ be\n");
        Path config = TestConfigs.write(dir.resolve("haproxy.config"), mapConfig().replace(",map(", ",map_reg("));

        CheckResult result = checker.check(config, Map.of("SIGNALBOX_CONF", conf.toString()));

        assertThat(result.valid()).isFalse();
        assertThat(result.output()).contains("at line 2 of file '" + conf.resolve("hosts.map") + "'");
        assertThat(result.errorLines()).containsExactly(8);
    }

    @Test
    void readsTheThreeWays26NamesAPlace() {
        String output = """
                [NOTICE]   (1) : haproxy version is 2.6.12-1+deb12u4
                [ALERT]    (1) : config : parsing [/c/haproxy.config:8] : unknown keyword 'x' in 'frontend' section
                [ALERT]    (1) : config : Parsing [/c/haproxy.config:3]: failed to parse use_backend rule
                [ALERT]    (1) : config : [/c/haproxy.config:12] : 'server be/s1' : unexpected character
                [ALERT]    (1) : config : parsing [/c/other.config:5] : not this file
                [WARNING]  (1) : config : parsing [/c/haproxy.config:20] : a warning is not an error
                """;

        assertThat(ConfigChecker.errorLines(output, "/c/haproxy.config")).containsExactly(3, 8, 12);
    }

    private String mapConfig() {
        return """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    use_backend %%[req.hdr(host),lower,map("${SIGNALBOX_CONF}/hosts.map")]
                backend be
                """.formatted(TestConfigs.freePort());
    }
}
