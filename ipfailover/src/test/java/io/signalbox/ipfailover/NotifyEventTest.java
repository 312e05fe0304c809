package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifyEventTest {

    @Test
    void instanceLinesCarryTheRoleAndConfiguredPriority() {
        assertThat(NotifyEvent.parse("INSTANCE \"VIP_1\" FAULT 250"))
                .contains(new NotifyEvent("VIP_1", VrrpRole.FAULT, 250));
        assertThat(NotifyEvent.parse("INSTANCE \"VIP_2\" STOP 150"))
                .contains(new NotifyEvent("VIP_2", VrrpRole.STOPPED, 150));
        assertThat(NotifyEvent.parse("INSTANCE \"VIP_2\" MASTER 50")).map(NotifyEvent::role).contains(VrrpRole.MASTER);
    }

    @Test
    void otherLinesAreIgnored() {
        assertThat(NotifyEvent.parse("GROUP \"G1\" MASTER 0")).isEmpty();
        assertThat(NotifyEvent.parse("garbage")).isEmpty();
    }
}
