package io.signalbox.ipfailover;

import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads keepalived's notify FIFO on a thread of its own and hands each instance event on. */
public final class NotifyFifoReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyFifoReader.class);

    private final Path fifo;
    private final ProcessRunner runner;
    private final Consumer<NotifyEvent> sink;
    private FileChannel channel;
    private Thread thread;
    private volatile boolean closing;

    public NotifyFifoReader(Path fifo, ProcessRunner runner, Consumer<NotifyEvent> sink) {
        this.fifo = fifo;
        this.runner = runner;
        this.sink = sink;
    }

    public synchronized void start() throws IOException {
        ensureFifo();
        // Opened read-write: the open does not wait for a writer, and a keepalived restart (its writer closing)
        // never reads as end of file.
        channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        thread = new Thread(() -> readLoop(reader), "keepalived-notify " + fifo);
        thread.setDaemon(true);
        thread.start();
    }

    private void readLoop(BufferedReader reader) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                log.debug("notify: {}", line);
                NotifyEvent.parse(line).ifPresent(sink);
            }
        } catch (IOException e) {
            if (!closing) {
                log.error("notify FIFO {} failed; VIP states stop updating", fifo, e);
            }
        }
    }

    private void ensureFifo() throws IOException {
        if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
            boolean isFifo = Files.readAttributes(fifo, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
            if (isFifo) {
                return;
            }
            Files.delete(fifo);
        }
        // The JDK cannot make a FIFO.
        ExecResult made = runner.run(List.of("mkfifo", "-m", "600", fifo.toString()), Map.of(), Duration.ofSeconds(5));
        if (!made.succeeded()) {
            throw new IOException("mkfifo " + fifo + " failed: " + made.output().strip());
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        closing = true;
        if (channel != null) {
            channel.close(); // wakes the blocked read
            thread.join(Duration.ofSeconds(2).toMillis());
        }
    }
}
