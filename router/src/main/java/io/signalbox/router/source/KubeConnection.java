package io.signalbox.router.source;

import java.time.Instant;

/**
 * How the router's watches on the Kubernetes API stand, for logs, readiness and metrics.
 *
 * @param since     when the state began
 * @param lastError the last list or watch failure, "" when there was none
 */
public record KubeConnection(State state, Instant since, String lastError) {
    public enum State {
        /** Not synced with the API yet. */
        CONNECTING,
        /** Every watch is open. */
        CONNECTED,
        /** Synced before, but a watch is down: the router keeps serving what it last knew and reconnects. */
        DISCONNECTED
    }
}
