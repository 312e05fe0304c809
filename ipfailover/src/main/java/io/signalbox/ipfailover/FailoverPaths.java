package io.signalbox.ipfailover;

import java.nio.file.Path;

/** The files of one node's keepalived, all under the failover work dir, so several nodes can share a host. */
public record FailoverPaths(Path dir) {
    public Path config() {
        return dir.resolve("keepalived.conf");
    }

    public Path trackFile() {
        return dir.resolve("router-health");
    }

    public Path notifyFifo() {
        return dir.resolve("notify.fifo");
    }

    /** keepalived's output: a file, so it never depends on the JVM (see KeepalivedSupervisor). */
    public Path logFile() {
        return dir.resolve("keepalived.log");
    }

    public Path mainPidFile() {
        return dir.resolve("keepalived.pid");
    }

    public Path vrrpPidFile() {
        return dir.resolve("vrrp.pid");
    }

    public Path checkersPidFile() {
        return dir.resolve("checkers.pid");
    }

    public Path bfdPidFile() {
        return dir.resolve("bfd.pid");
    }
}
