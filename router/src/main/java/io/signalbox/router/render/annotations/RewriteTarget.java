package io.signalbox.router.render.annotations;

import java.util.Optional;

/**
 * haproxy.router.openshift.io/rewrite-target as an {@code http-request replace-path} pair. The target is cleaned as
 * OpenShift's rewritetarget.SanitizeInput does; the route path is escaped so that it matches literally (OpenShift
 * inserts it into the regex raw, so a path holding "(" or "\" breaks its config).
 *
 * @param pattern     the regex, to print inside single quotes
 * @param replacement the replacement (a HAProxy log-format), to print inside single quotes
 */
public record RewriteTarget(String pattern, String replacement) {
    public static final String ANNOTATION = "haproxy.router.openshift.io/rewrite-target";
    private static final String REGEX_SPECIAL = "\\^$.|?*+()[]{}";

    /** The rewrite for a route path, or empty (with the reason) when the target is unusable. */
    static Optional<RewriteTarget> parse(String target, String routePath, java.util.function.Consumer<String> problems) {
        if (target == null || target.isEmpty()) {
            return Optional.empty();
        }
        if (!target.startsWith("/")) {
            problems.accept("must start with '/': ignored");
            return Optional.empty();
        }
        if (target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.accept("holds a control character: ignored");
            return Optional.empty();
        }
        String path = regexLiteral(routePath);
        if (target.equals("/")) {
            return Optional.of(new RewriteTarget("^" + path + "/?(.*)$", "/\\1"));
        }
        return Optional.of(new RewriteTarget("^" + path + "(.*)$", sanitize(target) + "\\1"));
    }

    /**
     * SanitizeInput: a run of '%' of odd length gets one more (so every '%' is literal in the log-format), a lone
     * '\' escapes the next character, "\\" is one '\', unescaped quotes are dropped and an unescaped '#' ends the
     * value. An escaped single quote is written as '\'' so the value stays inside its quotes.
     */
    static String sanitize(String target) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                int run = 0;
                while (i < target.length() && target.charAt(i) == '%') {
                    run++;
                    i++;
                }
                i--;
                out.append("%".repeat(run % 2 == 1 ? run + 1 : run));
            } else if (c == '\\') {
                if (i + 1 < target.length()) {
                    char next = target.charAt(++i);
                    out.append(next == '\'' ? "'\\''" : next == '%' ? "%%" : String.valueOf(next));
                }
            } else if (c == '#') {
                break;
            } else if (c != '"' && c != '\'') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The path as a regex that matches only itself: ASCII punctuation with a special meaning is escaped. */
    static String regexLiteral(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (REGEX_SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
