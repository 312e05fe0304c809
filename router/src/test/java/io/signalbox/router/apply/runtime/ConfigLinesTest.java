package io.signalbox.router.apply.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigLinesTest {
    /** The lines "  mode http" and "  balance random" of a text, wherever they are in it. */
    private static ConfigLines modeAndBalance(String text) {
        ConfigLines.Builder builder = new ConfigLines.Builder(text);
        int mode = text.indexOf("  mode http");
        int balance = text.indexOf("  balance ");
        builder.add(mode, text.indexOf('\n', mode));
        builder.add(balance, text.indexOf('\n', balance));
        return builder.build();
    }

    @Test
    void linesAreEqualWhenTheyReadTheSameWhereverTheyAre() {
        ConfigLines a = modeAndBalance("backend a\n  mode http\n  # route ns/a\n  balance random\n");
        ConfigLines b = modeAndBalance("global\n  maxconn 1\nbackend b\n  mode http\n  balance random\n");
        ConfigLines c = modeAndBalance("backend c\n  mode http\n  balance roundrobin\n");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a).hasToString("  mode http\n  balance random\n");
    }

    @Test
    void aBuilderStartsAfreshAfterEachBuild() {
        String text = "  mode http\n  mode tcp\n";
        ConfigLines.Builder builder = new ConfigLines.Builder(text);
        builder.add(0, 11);
        ConfigLines first = builder.build();
        builder.add(12, 22);
        assertThat(builder.build()).hasToString("  mode tcp\n").isNotEqualTo(first);
        assertThat(builder.build()).hasToString("").isNotEqualTo(first);
    }
}
