package io.signalbox.router.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final LabelSelector ALL_FORMS = LabelSelector.parse("a=b,c!=d,e in (x, y),f notin (z),g,!h");

    @Test
    void every_requirement_must_hold() {
        assertThat(ALL_FORMS.matches(Map.of("a", "b", "e", "y", "g", ""))).isTrue();
        assertThat(ALL_FORMS.matches(Map.of("a", "b", "e", "y", "g", "", "h", "1"))).isFalse();
        assertThat(ALL_FORMS.matches(Map.of("a", "b", "e", "w", "g", ""))).isFalse();
        assertThat(ALL_FORMS.matches(Map.of("a", "b", "c", "d", "e", "x", "g", ""))).isFalse();
        assertThat(ALL_FORMS.matches(Map.of("a", "b", "e", "x", "f", "z", "g", ""))).isFalse();
    }

    @Test
    void not_equals_and_notin_match_an_absent_label() {
        assertThat(LabelSelector.parse("c!=d").matches(Map.of())).isTrue();
        assertThat(LabelSelector.parse("f notin (z)").matches(Map.of())).isTrue();
        assertThat(LabelSelector.parse("e in (x)").matches(Map.of())).isFalse();
    }

    @Test
    void double_equals_and_numeric_comparisons_are_understood() {
        assertThat(LabelSelector.parse("type==sharded").matches(Map.of("type", "sharded"))).isTrue();
        assertThat(LabelSelector.parse("n>1,n<9").matches(Map.of("n", "5"))).isTrue();
        assertThat(LabelSelector.parse("n>1").matches(Map.of("n", "abc"))).isFalse();
    }

    @Test
    void an_empty_selector_selects_everything() {
        assertThat(LabelSelector.parse("").matches(Map.of("any", "thing"))).isTrue();
    }

    @Test
    void prefixed_keys_are_valid() {
        assertThat(LabelSelector.parse("example.com/shard=a").matches(Map.of("example.com/shard", "a"))).isTrue();
    }

    @Test
    void bad_syntax_is_rejected_with_the_selector_in_the_message() {
        assertThatThrownBy(() -> LabelSelector.parse("a in (x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid label selector \"a in (x\": unbalanced '('");
        assertThatThrownBy(() -> LabelSelector.parse("a=b,,c"))
                .hasMessage("invalid label selector \"a=b,,c\": empty requirement");
        assertThatThrownBy(() -> LabelSelector.parse("a=b c"))
                .hasMessage("invalid label selector \"a=b c\": 'b c' is not a valid label value");
        assertThatThrownBy(() -> LabelSelector.parse("-bad"))
                .hasMessage("invalid label selector \"-bad\": '-bad' is not a valid label key");
        assertThatThrownBy(() -> LabelSelector.parse("n>x"))
                .hasMessageContaining("is not an integer");
    }
}
