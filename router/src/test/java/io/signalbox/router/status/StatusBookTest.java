package io.signalbox.router.status;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.Route;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusBookTest {
    private final Route route = route("ns", "r").host("www.example.com").build();

    private static StatusBook bookAt(String time, Map<io.signalbox.router.model.ObjectRef, IngressStatus> previous) {
        return new StatusBook("default", "", Clock.fixed(Instant.parse(time), ZoneOffset.UTC), previous);
    }

    @Test
    void aFirstConditionIsWrittenWithTheTimeInWholeSeconds() {
        IngressStatus status = bookAt("2026-11-23T10:00:00.750Z", Map.of()).record(route, true, "", "").orElseThrow();
        assertThat(status.lastTransitionTime()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(status.host()).isEqualTo("www.example.com");
        assertThat(status.routerName()).isEqualTo("default");
        assertThat(status.wildcardPolicy()).isEqualTo("None");
    }

    @Test
    void nothingIsWrittenWhenNothingChanged() {
        IngressStatus first = bookAt("2026-11-23T10:00:00Z", Map.of()).record(route, true, "", "").orElseThrow();
        StatusBook later = bookAt("2026-11-23T11:00:00Z", Map.of(route.ref(), first));
        assertThat(later.record(route, true, "", "")).isEmpty();
    }

    @Test
    void aNewHostWithTheSameConditionKeepsTheTransitionTime() {
        IngressStatus first = bookAt("2026-11-23T10:00:00Z", Map.of()).record(route, true, "", "").orElseThrow();
        StatusBook later = bookAt("2026-11-23T11:00:00Z", Map.of(route.ref(), first));
        IngressStatus moved = later.record(route.withHost("new.example.com"), true, "", "").orElseThrow();
        assertThat(moved.host()).isEqualTo("new.example.com");
        assertThat(moved.lastTransitionTime()).isEqualTo(first.lastTransitionTime());
    }

    @Test
    void aChangedConditionGetsANewTransitionTime() {
        IngressStatus first = bookAt("2026-11-23T10:00:00Z", Map.of()).record(route, true, "", "").orElseThrow();
        StatusBook later = bookAt("2026-11-23T11:00:00Z", Map.of(route.ref(), first));
        IngressStatus rejected = later.record(route, false, "HostAlreadyClaimed", "replaced by older route a").orElseThrow();
        assertThat(rejected.lastTransitionTime()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
    }
}
