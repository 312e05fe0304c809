package io.signalbox.ipfailover;

import java.time.Duration;

/** Delay before restarting a child that died: doubling from a floor up to a ceiling, reset after a long run. */
final class RestartBackoff {
    private final Duration floor;
    private final Duration ceiling;
    private final Duration stableRun;
    private Duration next;

    RestartBackoff(Duration floor, Duration ceiling, Duration stableRun) {
        this.floor = floor;
        this.ceiling = ceiling;
        this.stableRun = stableRun;
        this.next = floor;
    }

    /** The delay to wait after a run that lasted {@code ran}. */
    synchronized Duration after(Duration ran) {
        if (ran.compareTo(stableRun) >= 0) {
            next = floor;
        }
        Duration delay = next;
        next = next.multipliedBy(2).compareTo(ceiling) > 0 ? ceiling : next.multipliedBy(2);
        return delay;
    }
}
