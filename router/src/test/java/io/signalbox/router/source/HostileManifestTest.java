package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Files written to hurt the parser: each one is refused with a reason in one line, and nothing escapes. */
class HostileManifestTest {
    private static final Path YAML_FILE = Path.of("/manifests/evil.yaml");
    private static final Path JSON_FILE = Path.of("/manifests/evil.json");

    private final ManifestParser parser = new ManifestParser();

    private ParsedFile parse(Path file, String text) {
        return parser.parse(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(ParsedFile parsed, String reason) {
        assertThat(parsed.garbled()).isTrue();
        assertThat(parsed.objects()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.object()).isEqualTo("file");
            assertThat(p.reason()).contains(reason).doesNotContain("\n").hasSizeLessThan(400);
        });
    }

    @Test
    void deepFlowNestingInYamlIsRefused() {
        assertRefused(parse(YAML_FILE, "a: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n"), "nesting");
    }

    @Test
    void deepBlockNestingInYamlIsRefused() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(" ".repeat(i)).append("k:\n");
        }
        assertRefused(parse(YAML_FILE, text.toString()), "nesting");
    }

    @Test
    void deepNestingInJsonIsRefused() {
        assertRefused(parse(JSON_FILE, "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}"), "nesting");
    }

    @Test
    void anAliasBombDoesNotExpand() {
        StringBuilder text = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 30; i++) {
            String prev = "*a" + (i - 1);
            text.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        ParsedFile parsed = parse(YAML_FILE, text.toString());
        // Not a Kubernetes object either way; what matters is that it came back at once and small.
        assertThat(parsed.objects()).isEmpty();
        assertThat(parsed.problems()).hasSizeLessThan(2);
    }

    @Test
    void binaryJunkIsRefused() {
        byte[] junk = new byte[64 * 1024];
        new Random(11).nextBytes(junk);
        ParsedFile parsed = parser.parse(YAML_FILE, junk);
        assertThat(parsed.garbled()).isTrue();
        assertThat(parsed.problems()).singleElement().extracting(ManifestProblem::reason).asString()
                .startsWith("not valid YAML or JSON").doesNotContain("\n");
    }
}
