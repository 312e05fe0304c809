package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A master started by one HaproxyProcess (an earlier daemon) taken over by another, or refused with the reason. */
@Timeout(60)
class HaproxyAdoptionTest {
    private static final Duration START = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private int port;
    private HaproxyOptions options;
    private HaproxyProcess earlier;
    private long master;

    @BeforeEach
    void anEarlierDaemonsHaproxy() throws Exception {
        port = TestConfigs.freePort();
        Path config = TestConfigs.write(dir.resolve("haproxy.config"), TestConfigs.httpReturn(dir, port, 200, "one"));
        options = new HaproxyOptions("haproxy", config, dir.resolve("master.sock"), dir.resolve("haproxy.pid"), Map.of());
        earlier = new HaproxyProcess(options);
        earlier.start(START);
        master = earlier.masterPid();
    }

    @AfterEach
    void stopIt() {
        ProcessHandle.of(master).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void adoptsTheRunningMasterReloadsItAndSeesItDieWithinASecond() throws Exception {
        HaproxyAdoption found = HaproxyAdoption.look(options, new ProcessRunner());

        assertThat(found.adopted()).as(found.detail()).isPresent();
        HaproxyProcess adopted = found.adopted().get();
        assertThat(adopted.masterPid()).isEqualTo(master);
        assertThat(adopted.adopted()).isTrue();
        assertThat(found.leftovers()).isEmpty();
        assertThat(found.detail()).startsWith("adopted HAProxy master " + master);

        TestConfigs.write(options.configFile(), TestConfigs.httpReturn(dir, port, 200, "two"));
        ReloadResult reload = adopted.reload(START);
        assertThat(reload.ok()).as(reload.detail()).isTrue();
        assertThat(HttpProbe.get(port)).isEqualTo(new HttpProbe.Response(200, "two"));

        CompletableFuture<Integer> exit = new CompletableFuture<>();
        adopted.onExit(exit::complete);
        long killed = System.nanoTime();
        ProcessHandle.of(master).orElseThrow().destroyForcibly();
        assertThat(exit.get(1, TimeUnit.SECONDS)).as("exit code of a process that is not our child").isEqualTo(-1);
        System.out.printf("adoption: death of an adopted master noticed after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    }

    @Test
    void aMasterWhoseSocketIsGoneIsALeftoverWithTheReason() throws Exception {
        Files.delete(options.masterSocket());

        HaproxyAdoption found = HaproxyAdoption.look(options, new ProcessRunner());

        assertThat(found.adopted()).isEmpty();
        assertThat(found.detail()).contains("cannot be adopted: its master socket");
        assertThat(found.leftovers()).extracting(LiveProcess::pid).contains(master);
        // every process of ours is a leftover: the master and its worker
        assertThat(found.leftovers()).hasSize(2);
    }

    @Test
    void aPidFileNamingSomeoneElsesProcessIsNeitherAdoptedNorTouched() throws Exception {
        long stranger = ProcessHandle.current().pid();
        Files.writeString(options.pidFile(), stranger + "\n");

        HaproxyAdoption found = HaproxyAdoption.look(options, new ProcessRunner());

        assertThat(found.adopted()).isEmpty();
        assertThat(found.detail()).contains("not our HAProxy");
        assertThat(found.leftovers()).extracting(LiveProcess::pid).doesNotContain(stranger).contains(master);
    }
}
