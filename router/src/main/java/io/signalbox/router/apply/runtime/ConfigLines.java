package io.signalbox.router.apply.runtime;

import java.util.Arrays;

/**
 * Some lines of a config text, kept as where they are in it rather than as a copy: a model of 10,000 route backends
 * would otherwise hold their text a second time. Equal when the lines read the same, wherever they are.
 */
final class ConfigLines {
    private final String text;
    /** Start and end (exclusive, before the newline) of each line, in order. */
    private final int[] bounds;

    private ConfigLines(String text, int[] bounds) {
        this.text = text;
        this.bounds = bounds;
    }

    /** Collects lines of one text. */
    static final class Builder {
        private final String text;
        private int[] bounds = new int[32];
        private int size;

        Builder(String text) {
            this.text = text;
        }

        void add(int start, int end) {
            if (size + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[size++] = start;
            bounds[size++] = end;
        }

        /** The lines added since the last build, and a fresh start. */
        ConfigLines build() {
            ConfigLines lines = new ConfigLines(text, Arrays.copyOf(bounds, size));
            size = 0;
            return lines;
        }
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ConfigLines that) || bounds.length != that.bounds.length) {
            return false;
        }
        for (int i = 0; i < bounds.length; i += 2) {
            int length = bounds[i + 1] - bounds[i];
            if (that.bounds[i + 1] - that.bounds[i] != length
                    || !text.regionMatches(bounds[i], that.text, that.bounds[i], length)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < bounds.length; i += 2) {
            for (int c = bounds[i]; c < bounds[i + 1]; c++) {
                hash = 31 * hash + text.charAt(c);
            }
            hash = 31 * hash + '\n';
        }
        return hash;
    }

    /** The lines, each ended by a newline. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            out.append(text, bounds[i], bounds[i + 1]).append('\n');
        }
        return out.toString();
    }
}
