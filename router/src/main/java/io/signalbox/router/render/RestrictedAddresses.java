package io.signalbox.router.render;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Endpoint addresses the router never sends traffic to (OpenShift's checkRestrictedIP, SPEC §2.4): unspecified,
 * loopback, link-local, multicast, the cloud metadata addresses, and IPv4-mapped or -compatible forms of these.
 * Loopback can be allowed explicitly (SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS) for local demos and tests.
 */
public final class RestrictedAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final boolean allowLoopback;

    public RestrictedAddresses(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Parses an IP literal without ever resolving a name; empty for anything that is not one. */
    public static Optional<InetAddress> parseLiteral(String ip) {
        if (ip == null || !(IPV4.matcher(ip).matches() || (ip.contains(":") && IPV6_CHARS.matcher(ip).matches()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when traffic may go to this address. */
    public boolean isUsable(String ip) {
        return parseLiteral(ip).map(this::isUsable).orElse(false);
    }

    private boolean isUsable(InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        if (effective.isLoopbackAddress()) {
            return allowLoopback;
        }
        if (effective.isAnyLocalAddress() || effective.isLinkLocalAddress() || effective.isMulticastAddress()) {
            return false;
        }
        String text = effective.getHostAddress();
        return !text.equals("168.63.129.16") && !text.equals("fd00:ec2:0:0:0:0:0:254");
    }

    /** IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are judged as the IPv4 they carry. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
