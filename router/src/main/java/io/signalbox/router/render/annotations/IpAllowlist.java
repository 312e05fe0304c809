package io.signalbox.router.render.annotations;

import io.signalbox.router.render.RestrictedAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The ip_allowlist annotation as OpenShift's parseIPList reads it: space-separated IPs and CIDRs, invalid items
 * dropped, and a value with leading or trailing whitespace ignored whole.
 *
 * @param entries the valid items, in the annotation's order; never empty
 */
public record IpAllowlist(List<String> entries) {
    /** Above this many entries OpenShift writes the list to a file (HAProxy's limit on words per line is 64). */
    public static final int MAX_INLINE = 61;
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    public IpAllowlist {
        entries = List.copyOf(entries);
    }

    /** The list, or empty when nothing valid remains; each dropped item or the ignored value is reported. */
    public static Optional<IpAllowlist> parse(String value, Consumer<String> problems) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.strip().equals(value)) {
            problems.accept("leading or trailing whitespace: the whole list is ignored");
            return Optional.empty();
        }
        List<String> valid = new ArrayList<>();
        for (String item : value.split("[ \t\n\r\f\u000b]+")) {
            if (isIpOrCidr(item)) {
                valid.add(item);
            } else {
                problems.accept("'" + Printable.of(item) + "' is not an IP address or CIDR: dropped");
            }
        }
        return valid.isEmpty() ? Optional.empty() : Optional.of(new IpAllowlist(valid));
    }

    public boolean inline() {
        return entries.size() <= MAX_INLINE;
    }

    /** The entries on one line, as the acl takes them. */
    public String joined() {
        return String.join(" ", entries);
    }

    /** One entry per line, as `acl ... src -f <file>` reads them. */
    public String fileContents() {
        return String.join("\n", entries) + "\n";
    }

    /** Go's net.ParseIP, else net.ParseCIDR (no zones, prefix within the address length). */
    static boolean isIpOrCidr(String item) {
        int slash = item.indexOf('/');
        String ip = slash < 0 ? item : item.substring(0, slash);
        var address = RestrictedAddresses.parseLiteral(ip);
        if (address.isEmpty()) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = item.substring(slash + 1);
        int max = ip.contains(":") ? 128 : 32;
        return PREFIX.matcher(prefix).matches() && Integer.parseInt(prefix) <= max;
    }
}
