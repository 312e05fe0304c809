package io.signalbox.ipfailover;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ipfailover's VIP list syntax: addresses and ranges separated by commas or spaces, where a range varies the last
 * octet ({@code 10.1.1.100-104}). Unlike ipfailover, characters it would strip are refused instead.
 */
public final class VirtualIps {
    static final int MAX_VIPS = 1024;

    private VirtualIps() {
    }

    public static List<Ipv4Address> parse(String setting, String text) {
        Set<Ipv4Address> vips = new LinkedHashSet<>();
        for (String token : text.trim().split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            for (Ipv4Address vip : expand(setting, token)) {
                if (!vip.isUsableUnicast()) {
                    throw new FailoverConfigException(setting + ": " + vip + " cannot be a virtual IP");
                }
                if (!vips.add(vip)) {
                    throw new FailoverConfigException(setting + ": " + vip + " is listed twice");
                }
            }
            if (vips.size() > MAX_VIPS) {
                throw new FailoverConfigException(setting + ": more than " + MAX_VIPS + " addresses");
            }
        }
        return List.copyOf(vips);
    }

    private static List<Ipv4Address> expand(String setting, String token) {
        int dash = token.indexOf('-');
        if (dash < 0) {
            return List.of(Ipv4Address.parse(setting, token));
        }
        Ipv4Address first = Ipv4Address.parse(setting, token.substring(0, dash));
        String end = token.substring(dash + 1);
        if (!end.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(end) > 255
                || Integer.parseInt(end) < first.lastOctet()) {
            throw new FailoverConfigException(setting + ": '" + token
                    + "' is not a range (write a.b.c.d-e, where e is from d up to 255)");
        }
        List<Ipv4Address> range = new ArrayList<>();
        for (int octet = first.lastOctet(); octet <= Integer.parseInt(end); octet++) {
            range.add(first.withLastOctet(octet));
        }
        return range;
    }
}
