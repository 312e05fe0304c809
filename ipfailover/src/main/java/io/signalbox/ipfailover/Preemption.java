package io.signalbox.ipfailover;

import java.util.regex.Pattern;

/**
 * OPENSHIFT_HA_PREEMPTION: whether a node that comes back takes its VIPs back ({@code preempt_delay N}, after N
 * seconds) or leaves them where they are ({@code nopreempt}).
 */
public record Preemption(boolean preempt, int delaySeconds) {
    public static final Preemption DEFAULT = new Preemption(true, 300);
    private static final Pattern DELAY = Pattern.compile("preempt_delay\\s+(0|[1-9][0-9]{0,3})");

    public static Preemption parse(String setting, String text) {
        String value = text.trim();
        if (value.equals("nopreempt")) {
            return new Preemption(false, 0);
        }
        var m = DELAY.matcher(value);
        if (m.matches() && Integer.parseInt(m.group(1)) <= 1000) {
            return new Preemption(true, Integer.parseInt(m.group(1)));
        }
        throw new FailoverConfigException(setting + ": '" + text
                + "' is neither 'nopreempt' nor 'preempt_delay N' (N seconds, 0-1000)");
    }

    /** The keepalived.conf line. */
    public String keepalivedLine() {
        return preempt ? "preempt_delay " + delaySeconds : "nopreempt";
    }
}
