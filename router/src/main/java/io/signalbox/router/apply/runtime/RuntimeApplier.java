package io.signalbox.router.apply.runtime;

import io.signalbox.haproxy.CliSession;
import io.signalbox.haproxy.UnixSocketCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Sends a {@link ChangePlan.RuntimePlan} to HAProxy's stats socket (level admin), over one interactive connection,
 * and stops at the first command HAProxy refuses: the caller then reloads from the files on disk, so a half-applied
 * plan never stays. Blocking.
 */
public final class RuntimeApplier {
    /** A server still finishing requests cannot be deleted yet; they take milliseconds. */
    private static final int DELETE_ATTEMPTS = 50;
    private static final long DELETE_RETRY_MILLIS = 10;

    private final UnixSocketCli cli;
    private final Path confDir;

    /**
     * @param confDir the config folder as HAProxy named the map files when it loaded them (the conf symlink)
     */
    public RuntimeApplier(UnixSocketCli cli, Path confDir) {
        this.cli = cli;
        this.confDir = confDir;
    }

    /**
     * @param applied operations HAProxy accepted
     * @param failure the refused command and HAProxy's answer, if one was refused
     */
    public record Outcome(int applied, Optional<String> failure) {
    }

    public Outcome execute(List<RuntimeOp> ops) {
        int applied = 0;
        try (CliSession session = cli.openSession()) {
            for (RuntimeOp op : ops) {
                for (String command : op.commands(confDir)) {
                    Optional<String> refused = send(session, command);
                    if (refused.isPresent()) {
                        // The first line only: a certificate's payload holds its private key.
                        return new Outcome(applied, Optional.of("'" + command.lines().findFirst().orElse("") + "': "
                                + refused.get()));
                    }
                }
                applied++;
            }
        } catch (IOException e) {
            return new Outcome(applied, Optional.of(e.toString()));
        }
        return new Outcome(applied, Optional.empty());
    }

    /** HAProxy's answer when it refused the command, empty when it accepted it. */
    private Optional<String> send(CliSession session, String command) throws IOException {
        try {
            for (int attempt = 1; ; attempt++) {
                String reply = session.send(command);
                if (accepted(reply)) {
                    return Optional.empty();
                }
                if (!command.startsWith("del server ") || !reply.contains("connection") || attempt == DELETE_ATTEMPTS) {
                    return Optional.of(reply);
                }
                Thread.sleep(DELETE_RETRY_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** HAProxy 2.6 answers nothing to most commands it accepts, and these lines to the others. */
    static boolean accepted(String reply) {
        return reply.isEmpty() || reply.equals("New server registered.") || reply.equals("Server deleted.")
                || reply.startsWith("IP changed from") || reply.startsWith("no need to change")
                || reply.startsWith("port changed from")
                || reply.startsWith("New empty certificate store '")
                || reply.startsWith("Transaction created for certificate ")
                || reply.endsWith("\nSuccess!") // commit ssl cert, add ssl crt-list
                || reply.startsWith("Entry '") && reply.contains("' deleted in crtlist '")
                || reply.startsWith("Certificate '") && reply.endsWith("' deleted!");
    }
}
