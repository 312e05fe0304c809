package io.signalbox.ipfailover;

import java.util.regex.Pattern;

/** An IPv4 address, parsed strictly: four decimal octets, no leading zeros, nothing else. */
public record Ipv4Address(int bits) {
    // Leading zeros are refused because some tools read them as octal.
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    /** The address, or a {@link FailoverConfigException} naming {@code setting}. */
    public static Ipv4Address parse(String setting, String text) {
        var m = DOTTED_QUAD.matcher(text);
        if (m.matches()) {
            int bits = 0;
            boolean valid = true;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                valid &= octet <= 255;
                bits = (bits << 8) | (octet & 0xff);
            }
            if (valid) {
                return new Ipv4Address(bits);
            }
        }
        throw new FailoverConfigException(setting + ": '" + text + "' is not an IPv4 address");
    }

    public int lastOctet() {
        return bits & 0xff;
    }

    public Ipv4Address withLastOctet(int octet) {
        return new Ipv4Address((bits & ~0xff) | (octet & 0xff));
    }

    /** Loopback, multicast, broadcast, unspecified and link-local addresses cannot be a VIP or a VRRP peer. */
    public boolean isUsableUnicast() {
        int first = bits >>> 24;
        int second = (bits >>> 16) & 0xff;
        return first != 0 && first != 127 && first < 224 && !(first == 169 && second == 254);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
