package io.signalbox.router.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    @Test
    void allPassingChecksReportHealthyInTheKubernetesFormat() {
        HealthCheck.Report report = HealthCheck.run(List.of(
                new HealthCheck("controller", Optional::empty), new HealthCheck("has-synced", Optional::empty)));
        assertThat(report.healthy()).isTrue();
        assertThat(report.body()).isEqualTo("[+]controller ok\n[+]has-synced ok\nhealthz check passed\n");
    }

    @Test
    void aFailingCheckIsNamedWithItsReason() {
        HealthCheck.Report report = HealthCheck.run(List.of(
                new HealthCheck("has-synced", () -> Optional.of("not yet")),
                new HealthCheck("process-running", () -> {
                    throw new IllegalStateException("boom");
                })));
        assertThat(report.healthy()).isFalse();
        assertThat(report.body()).contains("[-]has-synced failed: not yet").contains("[-]process-running failed: boom")
                .endsWith("healthz check failed\n");
    }

    @Test
    void anInformationalCheckShowsItsStateWithoutFailing() {
        HealthCheck.Report report = HealthCheck.run(List.of(
                HealthCheck.informational("api-connection", () -> "disconnected since 2026-11-23T05:00:00Z")));
        assertThat(report.healthy()).isTrue();
        assertThat(report.body()).startsWith("[+]api-connection ok: disconnected since 2026-11-23T05:00:00Z\n");
    }
}
