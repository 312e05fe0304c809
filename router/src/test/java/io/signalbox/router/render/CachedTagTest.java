package io.signalbox.router.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedTagTest {
    private final RenderCache<Object, String> cache = new RenderCache<>();
    private final PebbleTemplate template = new PebbleEngine.Builder().loader(new StringLoader())
            .extension(new CachedTag(cache)).autoEscaping(false).strictVariables(true).build()
            .getTemplate("{% for s in sections %}{% cached s.key %}[{{ s.text }}]{% endcached %}{% endfor %}");
    /** How often each section's body was rendered. */
    private final Map<String, Integer> rendered = new HashMap<>();

    /** A section whose body counts its renders. */
    public final class Section {
        private final String key;

        Section(String key) {
            this.key = key;
        }

        public String getKey() {
            return key;
        }

        public String getText() {
            rendered.merge(key, 1, Integer::sum);
            return key.toUpperCase();
        }
    }

    private String render(String... keys) throws IOException {
        StringWriter out = new StringWriter();
        template.evaluate(out, Map.of("sections", List.of(keys).stream().map(Section::new).toList()));
        cache.renderDone();
        return out.toString();
    }

    @Test
    void aSectionIsRenderedOnceAndReusedWhileItsKeyComesAgain() throws IOException {
        assertThat(render("a", "b")).isEqualTo("[A][B]");
        assertThat(render("a", "b")).isEqualTo("[A][B]");
        assertThat(render("a", "c", "b")).isEqualTo("[A][C][B]");
        assertThat(rendered).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1, "c", 1));
    }

    @Test
    void aSectionTheLastRenderDidNotUseIsForgotten() throws IOException {
        render("a", "b");
        render("a");
        assertThat(render("a", "b")).isEqualTo("[A][B]");
        assertThat(rendered).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 2));
    }

    @Test
    void clearingForgetsEverything() throws IOException {
        render("a");
        cache.clear();
        render("a");
        assertThat(rendered).containsEntry("a", 2);
    }
}
