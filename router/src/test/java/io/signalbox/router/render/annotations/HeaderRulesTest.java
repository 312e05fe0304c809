package io.signalbox.router.render.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.HeaderAction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderRulesTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void namesAndValuesAreSingleQuotedWithOpenShiftsEscaping() {
        assertThat(HeaderRules.rule(new HeaderAction("X-It's", "Set", "it's"), false, problems::add))
                .contains(new HeaderRule("set-header", "'X-It'\\''s'", "'it'\\''s'"));
        assertThat(HeaderRules.rule(new HeaderAction("X-Gone", "Delete", null), true, problems::add))
                .contains(new HeaderRule("del-header", "'X-Gone'", null));
        assertThat(problems).isEmpty();
    }

    @Test
    void onlyTheDynamicValuesTheRouteApiAllowsAreKept() {
        assertThat(HeaderRules.logFormat("%[req.hdr(host),lower] 100%% sure", false)).isEqualTo("%[req.hdr(host),lower] 100%% sure");
        assertThat(HeaderRules.logFormat("%[res.hdr(x)]", true)).isEqualTo("%[res.hdr(x)]");
        assertThat(HeaderRules.logFormat("%[res.hdr(x)]", false)).isEqualTo("%%[res.hdr(x)]");
        assertThat(HeaderRules.logFormat("%[src] 50%", false)).isEqualTo("%%[src] 50%%");
    }

    @Test
    void badNamesTypesAndValuesAreRefused() {
        assertThat(HeaderRules.rule(new HeaderAction("X Bad", "Set", "v"), false, problems::add)).isEmpty();
        assertThat(HeaderRules.rule(new HeaderAction("X-A", "Append", "v"), false, problems::add)).isEmpty();
        assertThat(HeaderRules.rule(new HeaderAction("X-A", "Set", "v\r\nX-Evil: 1"), false, problems::add)).isEmpty();
        assertThat(HeaderRules.rule(new HeaderAction("X-A", "Set", ""), false, problems::add)).isEmpty();
        assertThat(problems).hasSize(4);
    }
}
