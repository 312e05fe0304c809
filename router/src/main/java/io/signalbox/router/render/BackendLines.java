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
        Cursor line = new Cursor(config);
        while (line.next()) {
            String[] words = line.sectionWords();
            if (words != null) {
                if (current != null) {
                    ranges.put(current, new RenderedConfig.LineRange(start, line.number()));
                }
                current = words[0].equals("backend") && words.length > 1 ? owners.get(words[1]) : null;
                start = line.number() + 1;
            }
        }
        if (current != null) {
            ranges.put(current, new RenderedConfig.LineRange(start, line.number() + 1));
        }
        return ranges;
    }

    /**
     * Walks a config line by line, the lines split("\n", -1) would give, without a string per line: at 10,000
     * routes a split makes 190,000 strings, nearly all of them indented lines that cannot start a section.
     */
    public static final class Cursor {
        private final String config;
        private int start;
        private int end = -1;
        private int number = -1;

        public Cursor(String config) {
            this.config = config;
        }

        /** Moves to the next line; false after the last. */
        public boolean next() {
            if (end == config.length()) {
                return false;
            }
            start = end + 1;
            int newline = config.indexOf('\n', start);
            end = newline < 0 ? config.length() : newline;
            number++;
            return true;
        }

        /** Where the line starts in the config. */
        public int start() {
            return start;
        }

        /** Where it ends, before its newline. */
        public int end() {
            return end;
        }

        /** Its number, from 0. */
        public int number() {
            return number;
        }

        /** The words of the line when it starts a section ("backend be_http:ns:name", …), else null. */
        public String[] sectionWords() {
            if (start == end || config.charAt(start) <= ' ') {
                return null; // nearly every line: indented
            }
            String line = config.substring(start, end);
            return startsSection(line) ? words(line) : null;
        }
    }

    /** The words of a line; String.split would compile the pattern again for every line. */
    private static String[] words(String line) {
        return words(line, 0);
    }

    /** The first limit-1 words of a line and the rest of it, as String.split with a limit. */
    public static String[] words(String line, int limit) {
        return SPACES.split(line.strip(), limit);
    }

    /** A section keyword starts the line (which is not indented), alone or before white space. */
    private static boolean startsSection(String line) {
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
