package io.signalbox.ipfailover;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * SIGNALBOX_HA_ADVERT_INTERVAL in centiseconds, the unit VRRPv3 carries on the wire. VRRPv2 carries whole seconds.
 * A backup takes over 3 adverts plus its skew after the last advert it heard, so 0.1 s gives about 0.3 s.
 */
public record AdvertInterval(int centiseconds) {
    private static final Pattern VALUE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s)?");

    public static AdvertInterval defaultFor(int vrrpVersion) {
        return new AdvertInterval(vrrpVersion == 2 ? 100 : 10);
    }

    /** {@code 0.1}, {@code 0.1s} or {@code 100ms}; v3 allows 10 ms steps from 0.01 s to 40.95 s, v2 whole seconds. */
    public static AdvertInterval parse(String setting, String text, int vrrpVersion) {
        var m = VALUE.matcher(text.trim());
        if (m.matches()) {
            double millis = Double.parseDouble(m.group(1)) * ("ms".equals(m.group(2)) ? 1 : 1000);
            long cs = Math.round(millis / 10);
            boolean exact = Math.abs(cs * 10 - millis) < 1e-6;
            if (vrrpVersion == 3 && exact && cs >= 1 && cs <= 4095) {
                return new AdvertInterval((int) cs);
            }
            if (vrrpVersion == 2 && exact && cs % 100 == 0 && cs >= 100 && cs <= 25500) {
                return new AdvertInterval((int) cs);
            }
        }
        throw new FailoverConfigException(setting + ": '" + text + "' is not a VRRPv" + vrrpVersion
                + " advert interval (" + (vrrpVersion == 3 ? "0.01s to 40.95s in steps of 10ms" : "1s to 255s, whole seconds")
                + ")");
    }

    public Duration duration() {
        return Duration.ofMillis(centiseconds * 10L);
    }

    /** Seconds as keepalived's {@code advert_int} reads them: {@code 0.1}, {@code 1}. */
    public String keepalivedValue() {
        return centiseconds % 100 == 0 ? Integer.toString(centiseconds / 100)
                : String.format(java.util.Locale.ROOT, "%d.%02d", centiseconds / 100, centiseconds % 100)
                        .replaceAll("0$", "");
    }
}
