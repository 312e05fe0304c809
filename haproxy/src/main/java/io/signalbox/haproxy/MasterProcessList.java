package io.signalbox.haproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master CLI's {@code show proc} reply. On 2.6 it reads:
 * <pre>
 * #&lt;PID&gt;          &lt;type&gt;          &lt;reloads&gt;       &lt;uptime&gt;        &lt;version&gt;
 * 3830            master          2 [failed: 1]   0d00h10m25s     2.6.12-1+deb12u4
 * # workers
 * 9024            worker          0               0d00h00m00s     2.6.12-1+deb12u4
 * # old workers
 * 8553            worker          1               0d00h00m07s     2.6.12-1+deb12u4
 * # programs
 * </pre>
 * "old workers" only appears while a former worker is still draining connections.
 *
 * @param masterPid     the master's pid
 * @param reloads       reloads the master has attempted since it started
 * @param failedReloads of those, reloads whose new configuration did not load
 * @param workers       current workers
 * @param oldWorkers    workers from before a reload, still finishing their connections
 */
public record MasterProcessList(long masterPid, int reloads, int failedReloads,
                                List<Long> workers, List<Long> oldWorkers) {

    private static final Pattern MASTER = Pattern.compile("^(\\d+)\\s+master\\s+(\\d+)(?:\\s+\\[failed:\\s*(\\d+)])?");
    private static final Pattern WORKER = Pattern.compile("^(\\d+)\\s+worker\\b");

    public MasterProcessList {
        workers = List.copyOf(workers);
        oldWorkers = List.copyOf(oldWorkers);
    }

    public static MasterProcessList parse(String reply) {
        long masterPid = -1;
        int reloads = 0;
        int failed = 0;
        List<Long> workers = new ArrayList<>();
        List<Long> oldWorkers = new ArrayList<>();
        List<Long> section = null;
        for (String line : reply.lines().map(String::strip).toList()) {
            Matcher master = MASTER.matcher(line);
            Matcher worker = WORKER.matcher(line);
            if (line.equals("# workers")) {
                section = workers;
            } else if (line.equals("# old workers")) {
                section = oldWorkers;
            } else if (line.startsWith("#")) {
                section = null;
            } else if (master.find()) {
                masterPid = Long.parseLong(master.group(1));
                reloads = Integer.parseInt(master.group(2));
                failed = master.group(3) == null ? 0 : Integer.parseInt(master.group(3));
            } else if (worker.find() && section != null) {
                section.add(Long.parseLong(worker.group(1)));
            }
        }
        if (masterPid < 0) {
            throw new IllegalArgumentException("not a 'show proc' reply: " + reply);
        }
        return new MasterProcessList(masterPid, reloads, failed, workers, oldWorkers);
    }
}
