package io.signalbox.router.cli;

import io.signalbox.router.state.RouteRow;
import java.util.ArrayList;
import java.util.List;

/** Prints route rows as an aligned table, like `oc get routes`. */
final class RouteTable {
    private static final String[] HEADER = {"NAMESPACE", "NAME", "HOST", "PATH", "SERVICES", "TERMINATION", "STATUS"};

    private RouteTable() {
    }

    static String format(List<RouteRow> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (RouteRow r : rows) {
            String status = r.message().isEmpty() ? r.status() : r.status() + ": " + r.message();
            lines.add(new String[] {r.namespace(), r.name(), r.host(), r.path(), r.services(), r.termination(), status});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length - 1; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                String cell = line[i];
                out.append(i == line.length - 1 ? cell : String.format("%-" + (widths[i] + 2) + "s", cell));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
