package io.signalbox.router.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of HAProxy's {@code show stat} CSV: a frontend, backend or server with its columns by position
 * (HAProxy's positions are stable; OpenShift's exporter selects columns by number).
 */
record HaproxyStat(String proxy, String service, int type, String[] columns) {
    static final int FRONTEND = 0;
    static final int BACKEND = 1;
    static final int SERVER = 2;
    private static final int TYPE_COLUMN = 32;

    /** Parses a whole reply; the header and blank or malformed lines are skipped. */
    static List<HaproxyStat> parseAll(String csv) {
        List<HaproxyStat> rows = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split(",", -1);
            if (columns.length <= TYPE_COLUMN) {
                continue;
            }
            try {
                rows.add(new HaproxyStat(columns[0], columns[1], Integer.parseInt(columns[TYPE_COLUMN]), columns));
            } catch (NumberFormatException e) {
                // a row HAProxy did not finish writing; the next scrape has it
            }
        }
        return rows;
    }

    /** The numeric value of a column, or NaN when it is empty (HAProxy leaves unused columns empty). */
    double number(int column) {
        if (column >= columns.length || columns[column].isEmpty()) {
            return Double.NaN;
        }
        if (column == 17) {
            return upValue(columns[column]);
        }
        try {
            return Double.parseDouble(columns[column]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The status column as haproxy_exporter reads it: UP, OPEN and "UP n/m" are 1. */
    private static double upValue(String status) {
        return status.startsWith("UP") || status.equals("OPEN") || status.equals("no check") ? 1 : 0;
    }
}
