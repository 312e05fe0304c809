package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void capturesStdoutStderrAndTheExitCode() throws Exception {
        ExecResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Map.of(),
                Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.output()).contains("out", "err");
    }

    @Test
    void addsExtraVariablesToTheInheritedEnvironment() throws Exception {
        ExecResult result = runner.run(List.of("sh", "-c", "echo \"$SIGNALBOX_X:$PATH\""),
                Map.of("SIGNALBOX_X", "a value with spaces"), Duration.ofSeconds(10));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).startsWith("a value with spaces:").contains("/usr/bin");
    }

    @Test
    void killsAProgramThatOutrunsItsTimeout() throws Exception {
        long start = System.nanoTime();

        ExecResult result = runner.run(List.of("sleep", "30"), Map.of(), Duration.ofMillis(300));

        assertThat(result.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void capsTheCapturedOutput() throws Exception {
        ExecResult result = runner.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a"), Map.of(),
                Duration.ofSeconds(10));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).startsWith("aaaa").contains("[output truncated at 65536 bytes]");
        assertThat(result.output().length()).isLessThan(ProcessRunner.OUTPUT_CAP + 100);
    }
}
