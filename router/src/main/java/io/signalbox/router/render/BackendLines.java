package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds which lines of a rendered haproxy.config belong to which route's backend: from its "backend" line to the
 * line before the next section. Works on any template's output, so a custom TEMPLATE_FILE gets the same tracing.
 */
public final class BackendLines {
    private static final Pattern SECTION = Pattern.compile(
            "^(global|defaults|frontend|backend|listen|resolvers|peers|userlist|program|http-errors|ring|mailers|cache)(\\s.*)?$");

    private BackendLines() {
    }

    static Map<ObjectRef, RenderedConfig.LineRange> find(String config, Map<String, ObjectRef> owners) {
        Map<ObjectRef, RenderedConfig.LineRange> ranges = new HashMap<>();
        String[] lines = config.split("\n", -1);
        ObjectRef current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (startsSection(line)) {
                if (current != null) {
                    ranges.put(current, new RenderedConfig.LineRange(start, i));
                }
                String[] words = line.trim().split("\\s+");
                current = words[0].equals("backend") && words.length > 1 ? owners.get(words[1]) : null;
                start = i + 1;
            }
        }
        if (current != null) {
            ranges.put(current, new RenderedConfig.LineRange(start, lines.length));
        }
        return ranges;
    }

    /** A section keyword starts its line; the cheap test first, since nearly every line is indented. */
    public static boolean startsSection(String line) {
        return !line.isEmpty() && line.charAt(0) > ' ' && SECTION.matcher(line).matches();
    }
}
