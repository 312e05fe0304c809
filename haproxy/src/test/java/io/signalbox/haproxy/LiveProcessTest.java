package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LiveProcessTest {

    @Test
    void aProcessIsKnownByPidAndStartTimeAndItsEndIsSeenWithinAPoll() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            LiveProcess live = LiveProcess.of(sleeper.pid()).orElseThrow();
            assertThat(live.isAlive()).isTrue();
            assertThat(live.arguments()).containsExactly("sleep", "30");
            assertThat(live.binaryMismatch("sleep")).isEmpty();
            assertThat(live.binaryMismatch("/bin/true")).get().asString().startsWith("it runs ");
            // the same pid with another start time is a recycled pid: not this process
            assertThat(new LiveProcess(live.pid(), live.startTime() + 1).isAlive()).isFalse();

            var exit = live.onExit();
            sleeper.destroyForcibly();
            assertThat(exit.get(LiveProcess.POLL.toMillis() * 5, TimeUnit.MILLISECONDS)).isEqualTo(live);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aZombieCountsAsGone() throws Exception {
        // sh backgrounds a short sleep and execs a long one, which never reaps it: the short one stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
        try {
            List<ProcessHandle> children = awaitChild(parent);
            long zombie = children.get(0).pid();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (LiveProcess.of(zombie).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ProcessHandle.of(zombie)).as("the JDK still lists the zombie").isPresent();
            assertThat(LiveProcess.of(zombie)).isEmpty();
        } finally {
            parent.destroyForcibly();
        }
    }

    private static List<ProcessHandle> awaitChild(Process parent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<ProcessHandle> children = parent.children().toList();
        while (children.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            children = parent.children().toList();
        }
        assertThat(children).hasSize(1);
        return children;
    }
}
