package io.signalbox.router.cli;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.loop.RouterDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the router daemon until SIGTERM or SIGINT. Flags override the environment settings of the same meaning. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the router: watch the manifests, admit routes, drive HAProxy.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--manifests", description = "manifests directory (SIGNALBOX_MANIFESTS_DIR)")
    Path manifests;

    @Option(names = "--working-dir", description = "working directory (SIGNALBOX_WORK_DIR, default /var/lib/signalbox)")
    Path workDir;

    @Option(names = {"-n", "--namespace"}, description = "with a cluster, watch only this namespace (SIGNALBOX_NAMESPACE)")
    String namespace;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (manifests != null) {
            env.put("SIGNALBOX_MANIFESTS_DIR", manifests.toString());
        }
        if (workDir != null) {
            env.put("SIGNALBOX_WORK_DIR", workDir.toString());
        }
        if (namespace != null) {
            env.put("SIGNALBOX_NAMESPACE", namespace);
        }
        RouterConfig config;
        try {
            config = RouterConfig.fromEnv(env);
        } catch (ConfigException e) {
            System.err.println("signalbox: " + e.getMessage());
            return 2;
        }
        RouterDaemon daemon;
        try {
            daemon = RouterDaemon.start(config, Duration.ofMinutes(2));
        } catch (IOException e) {
            System.err.println("signalbox: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.shutdown(config.stats().gracefulShutdownDelay());
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
