package io.signalbox.router.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.router.state.RouteRow;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** The running router's route table, like `oc get routes`, read from its stats port. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "List the running router's routes: host, path, services, termination, admitted or why not.")
final class RoutesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StatsClient stats;

    @Override
    public Integer call() throws InterruptedException {
        try {
            List<RouteRow> rows = new ObjectMapper().readValue(stats.get("/routes"),
                    new TypeReference<List<RouteRow>>() { });
            // print() does not flush an autoflush writer, and the JVM exits right after this command.
            spec.commandLine().getOut().print(RouteTable.format(rows));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("signalbox routes: " + e.getMessage());
            return 1;
        }
    }
}
