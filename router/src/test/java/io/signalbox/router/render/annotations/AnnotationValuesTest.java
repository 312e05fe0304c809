package io.signalbox.router.render.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-value parsers, with OpenShift's own examples (router_test.go, template_helper_test.go). */
class AnnotationValuesTest {
    @Test
    void timeValuesAreClippedToHaproxysMaximumAndBadSyntaxIsDropped() {
        assertThat(HaproxyTime.clip("5s")).contains("5s");
        assertThat(HaproxyTime.clip("500")).contains("500");
        assertThat(HaproxyTime.clip("5000d")).contains("2147483647ms");
        assertThat(HaproxyTime.clip("2147483647ms")).contains("2147483647ms");
        assertThat(HaproxyTime.clip("2147483648ms")).contains("2147483647ms");
        assertThat(HaproxyTime.clip("99999999999999999999999s")).contains("2147483647ms");
        assertThat(HaproxyTime.clip("abc")).isEmpty();
        assertThat(HaproxyTime.clip("0s")).isEmpty();
        assertThat(HaproxyTime.clip("5 s")).isEmpty();
        assertThat(HaproxyTime.clip("5s\nbackend x")).isEmpty();
    }

    @Test
    void goBooleansAndIntegers() {
        assertThat(List.of("1", "t", "T", "TRUE", "true", "True")).allMatch(GoValues::isTrue);
        assertThat(List.of("yes", "on", "tRUE", "", " true")).noneMatch(GoValues::isTrue);
        assertThat(GoValues.integer("+007")).hasValue(7);
        assertThat(GoValues.integer("-3")).hasValue(-3);
        assertThat(GoValues.integer("3.5")).isEmpty();
        assertThat(GoValues.integer("99999999999999999999")).isEmpty();
    }

    @Test
    void allowlistDropsInvalidItemsAndIgnoresAValueWithOuterWhitespace() {
        List<String> problems = new ArrayList<>();
        assertThat(IpAllowlist.parse("10.0.0.0/8 192.168.1.1 bogus 2001:db8::/32 1.2.3.4/33", problems::add))
                .map(IpAllowlist::entries).contains(List.of("10.0.0.0/8", "192.168.1.1", "2001:db8::/32"));
        assertThat(problems).hasSize(2);
        assertThat(IpAllowlist.parse(" 10.0.0.1", p -> { })).isEmpty();
        assertThat(IpAllowlist.parse("10.0.0.1 ", p -> { })).isEmpty();
        assertThat(IpAllowlist.parse("nothing valid", p -> { })).isEmpty();
        assertThat(IpAllowlist.parse("10.0.0.1\n\nbackend x", p -> { })).map(IpAllowlist::entries)
                .contains(List.of("10.0.0.1"));
    }

    @Test
    void moreThanSixtyOneEntriesGoToAFile() {
        StringBuilder list = new StringBuilder("10.0.0.1");
        for (int i = 2; i <= 62; i++) {
            list.append(" 10.0.0.").append(i);
        }
        IpAllowlist allowlist = IpAllowlist.parse(list.toString(), p -> { }).orElseThrow();
        assertThat(allowlist.inline()).isFalse();
        assertThat(allowlist.fileContents()).startsWith("10.0.0.1\n10.0.0.2\n").endsWith("10.0.0.62\n");
        assertThat(IpAllowlist.parse(list.substring(0, list.lastIndexOf(" ")), p -> { }).orElseThrow().inline()).isTrue();
    }

    @Test
    void hstsAcceptsOpenShiftsExamplesAndRejectsTheOthers() {
        assertThat(List.of("max-age=99999;includeSubDomains;preload", "max-age=99999 ;  includesubdomains;  PREload",
                "max-age=\"99999\"", "max-age  =  \"99999\"", "preload; max-age=1"))
                .allMatch(v -> HstsHeader.parse(v).isPresent());
        assertThat(List.of("min-age=99999", "max-age=99999;includesubdomains;preload;wrongdirective",
                "max-age=99999;includesubdomain", "max-age=1;\npreload", "max-age='1'"))
                .allMatch(v -> HstsHeader.parse(v).isEmpty());
    }

    @Test
    void rewriteTargetsBecomeReplacePathRules() {
        List<String> problems = new ArrayList<>();
        assertThat(RewriteTarget.parse("/v2", "/api/v1", problems::add))
                .contains(new RewriteTarget("^/api/v1(.*)$", "/v2\\1"));
        assertThat(RewriteTarget.parse("/", "/app", problems::add))
                .contains(new RewriteTarget("^/app/?(.*)$", "/\\1"));
        assertThat(RewriteTarget.parse("/x", "/a.b(c", problems::add))
                .contains(new RewriteTarget("^/a\\.b\\(c(.*)$", "/x\\1"));
        assertThat(problems).isEmpty();
        assertThat(RewriteTarget.parse("v2", "/api", problems::add)).isEmpty();
        assertThat(RewriteTarget.parse("/v2\nbackend x", "/api", problems::add)).isEmpty();
        assertThat(problems).hasSize(2);
    }

    @Test
    void rewriteTargetsAreSanitizedAsOpenShiftDoes() {
        assertThat(RewriteTarget.sanitize("/a%b")).isEqualTo("/a%%b");
        assertThat(RewriteTarget.sanitize("/a%%b")).isEqualTo("/a%%b");
        assertThat(RewriteTarget.sanitize("/a%%%b")).isEqualTo("/a%%%%b");
        assertThat(RewriteTarget.sanitize("/a\\b")).isEqualTo("/ab");
        assertThat(RewriteTarget.sanitize("/a\\\\b")).isEqualTo("/a\\b");
        assertThat(RewriteTarget.sanitize("/a\"b'c")).isEqualTo("/abc");
        assertThat(RewriteTarget.sanitize("/a\\'b")).isEqualTo("/a'\\''b");
        assertThat(RewriteTarget.sanitize("/a#b")).isEqualTo("/a");
        assertThat(RewriteTarget.sanitize("/a\\#b")).isEqualTo("/a#b");
    }
}
