package io.signalbox.router.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps HAProxy's counters monotonic across reloads: a new worker starts its counters at zero, so when a series
 * goes down, what it had reached is added to a base that every later value is offset by.
 */
final class CounterCarry {
    private final Map<String, double[]> series = new HashMap<>();

    /** The carried value of one series; {last seen raw value, base}. */
    synchronized double carry(String key, double raw) {
        double[] state = series.computeIfAbsent(key, k -> new double[] {0, 0});
        if (raw < state[0]) {
            state[1] += state[0];
        }
        state[0] = raw;
        return state[1] + raw;
    }

    /** Forgets series that were not in the last scrape (a deleted route's backend). */
    synchronized void retainOnly(Set<String> seen) {
        series.keySet().retainAll(seen);
    }
}
