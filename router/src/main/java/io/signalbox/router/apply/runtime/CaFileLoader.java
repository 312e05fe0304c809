package io.signalbox.router.apply.runtime;

import io.signalbox.haproxy.UnixSocketCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads CA files into HAProxy's CA store ({@code new ssl ca-file}, {@code set ssl ca-file}, {@code commit ssl
 * ca-file}), so that a server added at runtime can name one with {@code ca-file}: HAProxy 2.6 reads no file for
 * {@code add server}, it only looks the name up in its store. The PEM is read from the file itself, which is what a
 * reload would load. Blocking.
 */
public final class CaFileLoader {
    private final UnixSocketCli cli;

    public CaFileLoader(UnixSocketCli cli) {
        this.cli = cli;
    }

    /**
     * @param files absolute paths, as the ca-file options name them
     * @return the refused command and HAProxy's answer (or why the file could not be read); empty when all loaded
     */
    public Optional<String> load(List<String> files) {
        for (String file : files) {
            Optional<String> refused = load(file);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<String> load(String file) {
        try {
            String created = cli.send("new ssl ca-file " + file).strip();
            if (created.endsWith("' already exists!")) {
                // Held since a server that no longer runs named it. A route's CA file is named by its contents, so
                // it holds what the file holds; the service CA file is read again by the next reload.
                return Optional.empty();
            }
            if (!created.startsWith("New CA file created '")) {
                return refused("new ssl ca-file " + file, created);
            }
            // Blank lines are left out: the CLI ends a payload at the first one.
            String payload = Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank())
                    .collect(Collectors.joining("\n"));
            String set = cli.send("set ssl ca-file " + file + " <<\n" + payload + "\n").strip();
            if (!set.startsWith("transaction created for CA ")) {
                return refused("set ssl ca-file " + file, set);
            }
            String commit = cli.send("commit ssl ca-file " + file).strip();
            return commit.endsWith("\nSuccess!") ? Optional.empty() : refused("commit ssl ca-file " + file, commit);
        } catch (IOException e) {
            return Optional.of("loading CA file " + file + ": " + e);
        }
    }

    private static Optional<String> refused(String command, String reply) {
        return Optional.of("'" + command + "': " + reply);
    }
}
