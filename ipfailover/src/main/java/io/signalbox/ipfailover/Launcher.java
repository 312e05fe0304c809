package io.signalbox.ipfailover;

import java.util.ArrayList;
import java.util.List;

/**
 * A prefix put before every command run for this node ({@code ip netns exec r1} in tests, nothing on a real node),
 * so keepalived and the {@code ip} commands that clean up after it see the node's network.
 */
public record Launcher(List<String> prefix) {
    public Launcher {
        prefix = List.copyOf(prefix);
    }

    public static Launcher direct() {
        return new Launcher(List.of());
    }

    public static Launcher inNetworkNamespace(String namespace) {
        return new Launcher(List.of("ip", "netns", "exec", namespace));
    }

    public List<String> wrap(List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return full;
    }
}
