package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    @Test
    void quickCrashesDoubleTheDelayUpToTheCeilingAndALongRunResetsIt() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(100), Duration.ofMillis(500),
                Duration.ofSeconds(60));
        assertThat(backoff.after(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.after(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.after(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.after(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.after(Duration.ofMinutes(5))).isEqualTo(Duration.ofMillis(100));
    }
}
