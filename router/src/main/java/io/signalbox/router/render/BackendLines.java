package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds which lines of a rendered haproxy.config belong to which route's backend: from its "backend" line to the
 * line before the next section. Works on any template's output, so a custom TEMPLATE_FILE gets the same tracing.
 */
public final class BackendLines {
    private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend", "listen",
            "resolvers", "peers", "userlist", "program", "http-errors", "ring", "mailers", "cache");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private BackendLines() {
    }

    static Map<ObjectRef, RenderedConfig.LineRange> find(String config, Map<String, ObjectRef> owners) {
        Map<ObjectRef, RenderedConfig.LineRange> ranges = new HashMap<>();
        ObjectRef current = null;
        int start = 0;
        int line = 0; // 0-based number of the line that starts at `at`
        // Walks line starts instead of splitting: at 10,000 routes a split makes 190,000 strings, nearly all of
        // them indented lines that cannot start a section.
        for (int at = 0; at >= 0; line++) {
            int end = config.indexOf('\n', at);
            if (at < config.length() && config.charAt(at) > ' ') {
                String text = config.substring(at, end < 0 ? config.length() : end);
                if (startsSection(text)) {
                    if (current != null) {
                        ranges.put(current, new RenderedConfig.LineRange(start, line));
                    }
                    String[] words = words(text);
                    current = words[0].equals("backend") && words.length > 1 ? owners.get(words[1]) : null;
                    start = line + 1;
                }
            }
            at = end < 0 ? -1 : end + 1;
        }
        if (current != null) {
            ranges.put(current, new RenderedConfig.LineRange(start, line));
        }
        return ranges;
    }

    /** The words of a line; String.split would compile the pattern again for every line. */
    public static String[] words(String line) {
        return words(line, 0);
    }

    /** The first limit-1 words of a line and the rest of it, as String.split with a limit. */
    public static String[] words(String line, int limit) {
        return SPACES.split(line.strip(), limit);
    }

    /** A section keyword starts its line, alone or before white space; indented lines, nearly all, fail at once. */
    public static boolean startsSection(String line) {
        if (line.isEmpty() || line.charAt(0) <= ' ') {
            return false;
        }
        int end = 0;
        while (end < line.length() && !isSpace(line.charAt(end))) {
            end++;
        }
        return SECTIONS.contains(line.substring(0, end));
    }

    /** What a regex {@code \s} matches. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
