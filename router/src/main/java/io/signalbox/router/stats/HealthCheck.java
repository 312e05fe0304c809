package io.signalbox.router.stats;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A named health check: it returns why it fails, or empty when it passes. Checks may block (a socket, an HTTP
 * probe); run them off the event loop.
 */
public record HealthCheck(String name, Callable<Optional<String>> failure, Supplier<String> note) {

    public HealthCheck(String name, Callable<Optional<String>> failure) {
        this(name, failure, () -> "");
    }

    /** A check that never fails readiness but shows a state an operator should see (an API outage, say). */
    public static HealthCheck informational(String name, Supplier<String> note) {
        return new HealthCheck(name, Optional::empty, note);
    }

    /** The result of running a list of checks, in the Kubernetes healthz text format. */
    public record Report(boolean healthy, String body) {
    }

    public static Report run(List<HealthCheck> checks) {
        StringBuilder body = new StringBuilder();
        boolean healthy = true;
        for (HealthCheck check : checks) {
            Optional<String> failed;
            try {
                failed = check.failure().call();
            } catch (Exception e) {
                failed = Optional.of(String.valueOf(e.getMessage()));
            }
            if (failed.isPresent()) {
                healthy = false;
                body.append("[-]").append(check.name()).append(" failed: ").append(failed.get()).append('\n');
            } else {
                String note = check.note().get();
                body.append("[+]").append(check.name()).append(" ok").append(note.isEmpty() ? "" : ": " + note)
                        .append('\n');
            }
        }
        body.append(healthy ? "healthz check passed\n" : "healthz check failed\n");
        return new Report(healthy, body.toString());
    }
}
