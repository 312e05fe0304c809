package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MasterProcessListTest {

    @Test
    void readsMasterCountersCurrentAndOldWorkers() {
        // 2.6.12, after one good and one failed reload, with an old worker still holding a connection
        String reply = """
                #<PID>          <type>          <reloads>       <uptime>        <version>
                3830            master          3 [failed: 1]   0d00h10m26s     2.6.12-1+deb12u4
                # workers
                9024            worker          1               0d00h00m01s     2.6.12-1+deb12u4
                # old workers
                8553            worker          2               0d00h00m08s     2.6.12-1+deb12u4
                # programs

                """;

        MasterProcessList list = MasterProcessList.parse(reply);

        assertThat(list.masterPid()).isEqualTo(3830);
        assertThat(list.reloads()).isEqualTo(3);
        assertThat(list.failedReloads()).isEqualTo(1);
        assertThat(list.workers()).containsExactly(9024L);
        assertThat(list.oldWorkers()).containsExactly(8553L);
    }

    @Test
    void hasNoOldWorkersWhenNoneDrain() {
        String reply = """
                #<PID>          <type>          <reloads>       <uptime>        <version>
                3830            master          0 [failed: 0]   0d00h00m01s     2.6.12-1+deb12u4
                # workers
                3832            worker          0               0d00h00m01s     2.6.12-1+deb12u4
                # programs

                """;

        MasterProcessList list = MasterProcessList.parse(reply);

        assertThat(list.workers()).containsExactly(3832L);
        assertThat(list.oldWorkers()).isEmpty();
        assertThat(list.failedReloads()).isZero();
    }

    @Test
    void rejectsAReplyWithoutAMaster() {
        assertThatThrownBy(() -> MasterProcessList.parse("Unknown command.\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
