package io.signalbox.haproxy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Runs {@code haproxy -c} on a configuration file before anything reloads it. */
public final class ConfigChecker {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final ProcessRunner runner;
    private final String binary;
    private final Duration timeout;

    public ConfigChecker(ProcessRunner runner, String binary, Duration timeout) {
        this.runner = runner;
        this.binary = binary;
        this.timeout = timeout;
    }

    /** Uses {@code haproxy} from the PATH. */
    public ConfigChecker(ProcessRunner runner) {
        this(runner, "haproxy", DEFAULT_TIMEOUT);
    }

    /**
     * Checks {@code configFile} with {@code env} added to the environment, which {@code "${VAR}"} references in the
     * file (map paths, for instance) resolve against.
     */
    public CheckResult check(Path configFile, Map<String, String> env) throws IOException {
        return check(List.of(), configFile, env);
    }

    /**
     * As {@link #check}, at the lowest CPU priority ({@code nice -n 19}): for a check nothing waits for, so that it
     * yields the CPU to the changes that follow it (a whole HAProxy parses the config: tens of milliseconds of CPU).
     */
    public CheckResult checkInBackground(Path configFile, Map<String, String> env) throws IOException {
        return check(List.of("nice", "-n", "19"), configFile, env);
    }

    private CheckResult check(List<String> prefix, Path configFile, Map<String, String> env) throws IOException {
        // No -q: on 2.6 it hides the ALERT lines too, and they are what tells the operator what is wrong.
        String file = configFile.toString();
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(binary, "-c", "-f", file));
        ExecResult result = runner.run(command, env, timeout);
        if (result.timedOut()) {
            return new CheckResult(false, "haproxy -c timed out after " + timeout + "\n" + result.output(), List.of());
        }
        return new CheckResult(result.exitCode() == 0, result.output(), errorLines(result.output(), file));
    }

    /**
     * Line numbers of {@code file} in ALERT lines. HAProxy 2.6 names the place as {@code parsing [file:12] :},
     * {@code Parsing [file:12]:} or {@code [file:12] :}, with the path exactly as given on the command line.
     */
    static List<Integer> errorLines(String output, String file) {
        Pattern place = Pattern.compile("\\[" + Pattern.quote(file) + ":(\\d+)]");
        return output.lines()
                .filter(line -> line.startsWith("[ALERT]"))
                .flatMap(line -> place.matcher(line).results())
                .map(match -> Integer.parseInt(match.group(1)))
                .distinct()
                .sorted()
                .toList();
    }
}
