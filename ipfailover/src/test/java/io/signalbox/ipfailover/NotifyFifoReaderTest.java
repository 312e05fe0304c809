package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.ProcessRunner;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyFifoReaderTest {

    @Test
    void eventsArriveAcrossWritersThatComeAndGoAsKeepalivedRestarts(@TempDir Path dir) throws Exception {
        List<NotifyEvent> events = new CopyOnWriteArrayList<>();
        Path fifo = dir.resolve("notify.fifo");
        try (NotifyFifoReader reader = new NotifyFifoReader(fifo, new ProcessRunner(), events::add)) {
            reader.start();
            for (String line : List.of("INSTANCE \"VIP_1\" BACKUP 250\n", "INSTANCE \"VIP_1\" MASTER 250\n")) {
                try (FileOutputStream writer = new FileOutputStream(fifo.toFile())) {
                    writer.write(line.getBytes(StandardCharsets.US_ASCII));
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (events.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(events).extracting(NotifyEvent::role).containsExactly(VrrpRole.BACKUP, VrrpRole.MASTER);
    }
}
