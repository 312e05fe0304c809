package io.signalbox.haproxy;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run one HAProxy in master-worker mode.
 *
 * @param binary       the haproxy executable: a path, or a name looked up on the PATH
 * @param configFile   the configuration it loads (and reloads)
 * @param masterSocket where the master CLI listens ({@code -S})
 * @param pidFile      where the master writes its pid ({@code -p})
 * @param env          variables added to HAProxy's environment, e.g. {@code SIGNALBOX_CONF} for map paths
 */
public record HaproxyOptions(String binary, Path configFile, Path masterSocket, Path pidFile, Map<String, String> env) {

    public HaproxyOptions {
        env = Map.copyOf(env);
    }

    /** Where HAProxy's output goes (a file, never a pipe into the JVM): beside the pid file. */
    public Path logFile() {
        return pidFile.resolveSibling("haproxy.log");
    }
}
