package io.signalbox.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir
    Path dir;

    @Test
    void handsOnCompleteNewLinesOnlyAndTruncatesPastItsCap() throws Exception {
        Path file = dir.resolve("out.log");
        Files.writeString(file, "before we followed\n");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (LogFollower follower = new LogFollower(file, 64, lines::add)) {
            append(file, "one\ntw");
            follower.read();
            assertThat(lines).containsExactly("one");

            append(file, "o\n" + "x".repeat(80) + "\n");
            follower.read();
            assertThat(lines).containsExactly("one", "two", "x".repeat(80));
            assertThat(Files.size(file)).as("truncated once read past the cap").isZero();

            append(file, "ünïcode after truncation\n");
            follower.read();
            assertThat(lines).endsWith("ünïcode after truncation");
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
