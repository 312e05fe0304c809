package io.signalbox.ipfailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackFileTest {

    @Test
    void writesZeroWhenHealthyAndOneWhenNotLeavingNoTemporaryFile(@TempDir Path dir) throws Exception {
        TrackFile track = new TrackFile(dir.resolve("router-health"));
        track.write(false);
        assertThat(Files.readString(dir.resolve("router-health"))).isEqualTo("1\n");
        track.write(true);
        assertThat(track.readsHealthy()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("router-health"));
        }
    }
}
