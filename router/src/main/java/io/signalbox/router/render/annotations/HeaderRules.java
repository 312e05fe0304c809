package io.signalbox.router.render.annotations;

import io.signalbox.router.model.HeaderAction;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates header actions (route spec.httpHeaders and ROUTER_HTTP_*_HEADERS) and quotes them as OpenShift's
 * SanitizeHeaderValue does: single quotes, a quote inside written as '\''. A value is a HAProxy log-format: the
 * dynamic values the Route API allows (%[req.hdr(X)], %[res.hdr(X)] in responses, with lower or base64) and "%%"
 * are kept; any other '%' is made literal, so a value cannot call other sample fetches or break the check.
 */
public final class HeaderRules {
    private static final Pattern TOKEN = Pattern.compile("[-!#$%&'*+.^_`|~0-9A-Za-z]{1,255}");
    private static final Pattern DYNAMIC = Pattern.compile("%%|%\\[(req|res)\\.hdr\\([-0-9A-Za-z]{1,255}\\)(,(lower|base64))*\\]");
    private static final int MAX_VALUE = 16384;

    private HeaderRules() {
    }

    /** The printable rule, or empty with the reason given to problems. */
    public static Optional<HeaderRule> rule(HeaderAction action, boolean response, Consumer<String> problems) {
        String name = action.name() == null ? "" : action.name();
        if (!TOKEN.matcher(name).matches()) {
            problems.accept("header name '" + Printable.of(name) + "' is not an HTTP token: action ignored");
            return Optional.empty();
        }
        if ("Delete".equals(action.type())) {
            return Optional.of(new HeaderRule("del-header", quote(name), null));
        }
        if (!"Set".equals(action.type())) {
            problems.accept("header '" + name + "': action type must be Set or Delete: ignored");
            return Optional.empty();
        }
        String value = action.value() == null ? "" : action.value();
        if (value.isEmpty() || value.length() > MAX_VALUE || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.accept("header '" + name + "': the value is empty, too long or holds a control character: ignored");
            return Optional.empty();
        }
        return Optional.of(new HeaderRule("set-header", quote(name), quote(logFormat(value, response))));
    }

    /** Single-quoted for HAProxy's config parser, a quote inside written as '\''. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static String logFormat(String value, boolean response) {
        StringBuilder out = new StringBuilder();
        Matcher m = DYNAMIC.matcher(value);
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '%' && m.find(i) && m.start() == i && (response || !"res".equals(m.group(1)))) {
                out.append(m.group());
                i = m.end();
            } else {
                out.append(c == '%' ? "%%" : String.valueOf(c));
                i++;
            }
        }
        return out.toString();
    }
}
