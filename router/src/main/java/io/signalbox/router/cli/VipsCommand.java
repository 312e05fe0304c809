package io.signalbox.router.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.router.loop.VipRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Each VIP with this node's VRRP state and the holder as far as this node can tell, from the stats port. */
@Command(name = "vips", mixinStandardHelpOptions = true,
        description = "List the VIPs: this node's state for each (MASTER, BACKUP, FAULT) and the holder when known.")
final class VipsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StatsClient stats;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<VipRow> rows = new ObjectMapper().readValue(stats.get("/vips"),
                    new TypeReference<List<VipRow>>() { });
            if (rows.isEmpty()) {
                out.println("IP failover is not configured on this node (OPENSHIFT_HA_VIRTUAL_IPS is not set)");
                return 0;
            }
            out.printf("%-18s %-8s %-26s %s%n", "VIP", "STATE", "SINCE", "HOLDER");
            for (VipRow row : rows) {
                out.printf("%-18s %-8s %-26s %s%n", row.vip(), row.state(), row.since(), row.holder());
            }
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("signalbox vips: " + e.getMessage());
            return 1;
        }
    }
}
