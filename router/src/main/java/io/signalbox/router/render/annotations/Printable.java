package io.signalbox.router.render.annotations;

/** A user value made safe for one log line: control characters escaped, long values cut. */
final class Printable {
    private static final int MAX = 120;

    private Printable() {
    }

    static String of(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() < MAX || value.length() <= MAX ? out.toString() : out + "...";
    }
}
