package io.signalbox.router.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command: the daemon and its helpers as subcommands. */
@Command(name = "signalbox", mixinStandardHelpOptions = true, version = "signalbox 0.1.0",
        description = "Highly available HAProxy router for bare-metal edge nodes.",
        subcommands = {RunCommand.class, CheckCommand.class, RoutesCommand.class, VipsCommand.class,
            DemoBackends.class})
public final class Signalbox {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Signalbox()).execute(args));
    }
}
