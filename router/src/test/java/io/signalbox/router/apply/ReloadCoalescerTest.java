package io.signalbox.router.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReloadCoalescerTest {
    private final ReloadCoalescer coalescer = new ReloadCoalescer(5000);

    @Test
    void theFirstChangeAfterAQuietPeriodStartsAtOnce() {
        assertThat(coalescer.changed(100_000)).isInstanceOf(ReloadCoalescer.Decision.StartNow.class);
    }

    @Test
    void changesDuringARunAreMergedIntoOneRunAnIntervalAfterTheLastStart() {
        coalescer.changed(100_000);
        assertThat(coalescer.changed(100_100)).isInstanceOf(ReloadCoalescer.Decision.Wait.class);
        assertThat(coalescer.changed(100_200)).isInstanceOf(ReloadCoalescer.Decision.Wait.class);
        assertThat(coalescer.finished(100_500)).isEqualTo(new ReloadCoalescer.Decision.StartAt(105_000));
        assertThat(coalescer.changed(101_000)).isInstanceOf(ReloadCoalescer.Decision.Wait.class);
        assertThat(coalescer.timerFired(105_000)).isInstanceOf(ReloadCoalescer.Decision.StartNow.class);
        assertThat(coalescer.finished(105_300)).isInstanceOf(ReloadCoalescer.Decision.Wait.class);
    }

    @Test
    void aChangeSoonAfterARunWaitsForTheInterval() {
        coalescer.changed(100_000);
        coalescer.finished(100_400);
        assertThat(coalescer.changed(102_000)).isEqualTo(new ReloadCoalescer.Decision.StartAt(105_000));
        assertThat(coalescer.changed(103_000)).isInstanceOf(ReloadCoalescer.Decision.Wait.class);
        assertThat(coalescer.timerFired(105_000)).isInstanceOf(ReloadCoalescer.Decision.StartNow.class);
    }

    @Test
    void nothingRunsWithoutAChange() {
        coalescer.changed(100_000);
        assertThat(coalescer.finished(100_400)).isInstanceOf(ReloadCoalescer.Decision.Wait.class);
    }

    @Test
    void aRunLongerThanTheIntervalIsFollowedAtOnceByThePendingOne() {
        coalescer.changed(100_000);
        coalescer.changed(101_000);
        assertThat(coalescer.finished(107_000)).isInstanceOf(ReloadCoalescer.Decision.StartNow.class);
    }
}
