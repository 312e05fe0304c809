package io.signalbox.router.apply;

/**
 * When to start the next apply (OpenShift's CoalescingSerializingRateLimiter, SPEC §7.1): at most one runs at a
 * time, starts are at least {@code interval} apart, changes that arrive while waiting or running are merged into
 * one later run, and the first change after a quiet period runs at once. Pure timing logic: the caller supplies
 * the clock and sets the timers.
 */
public final class ReloadCoalescer {
    /** What the caller should do now. */
    public sealed interface Decision {
        /** Start an apply now. */
        record StartNow() implements Decision { }

        /** Start one at this time (ms); a timer for it is not yet set. */
        record StartAt(long atMillis) implements Decision { }

        /** Nothing: a run or a timer is already pending and will pick the change up. */
        record Wait() implements Decision { }
    }

    private final long intervalMillis;
    private long lastStart = Long.MIN_VALUE / 2;
    private boolean running;
    private boolean timerSet;
    private boolean dirty;

    public ReloadCoalescer(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** A change arrived. */
    public Decision changed(long now) {
        dirty = true;
        return decide(now);
    }

    /** The timer set for a StartAt decision fired. */
    public Decision timerFired(long now) {
        timerSet = false;
        return decide(now);
    }

    /** The apply that started finished; if changes came in meanwhile, another run is due. */
    public Decision finished(long now) {
        running = false;
        return decide(now);
    }

    private Decision decide(long now) {
        if (!dirty || running || timerSet) {
            return new Decision.Wait();
        }
        long due = lastStart + intervalMillis;
        if (now >= due) {
            running = true;
            dirty = false;
            lastStart = now;
            return new Decision.StartNow();
        }
        timerSet = true;
        return new Decision.StartAt(due);
    }
}
