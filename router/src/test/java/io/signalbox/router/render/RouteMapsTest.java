package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.Route;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteMapsTest {
    private static RouteMaps.Maps maps(Route... routes) {
        return RouteMaps.buildInOrder(RouteMaps.lookupOrder(List.of(routes)), BackendPlanner::backendName);
    }

    @Test
    void aRouteWithoutAPathOwnsTheWholeHost() {
        RouteMaps.Maps maps = maps(route("ns", "root").host("www.example.com").build());
        assertThat(maps.exact()).isEmpty();
        assertThat(maps.prefix()).containsExactly(Map.entry("www.example.com/", "be_http:ns:root"));
    }

    @Test
    void aPathOwnsItselfExactlyAndEverythingBelowItsSegmentBoundary() {
        RouteMaps.Maps maps = maps(route("ns", "foo").host("www.example.com").path("/foo").build());
        assertThat(maps.exact()).containsExactly(Map.entry("www.example.com/foo", "be_http:ns:foo"));
        assertThat(maps.prefix()).containsExactly(Map.entry("www.example.com/foo/", "be_http:ns:foo"));
    }

    @Test
    void aPathEndingInASlashOwnsOnlyWhatIsBelowIt() {
        RouteMaps.Maps maps = maps(route("ns", "sub").host("www.example.com").path("/sub/").build());
        assertThat(maps.exact()).isEmpty();
        assertThat(maps.prefix()).containsExactly(Map.entry("www.example.com/sub/", "be_http:ns:sub"));
    }

    @Test
    void aPathOfOnlySlashesIsTheSameAsNoPath() {
        assertThat(maps(route("ns", "r").host("h.example.com").path("//").build()).prefix())
                .containsExactly(Map.entry("h.example.com/", "be_http:ns:r"));
    }

    @Test
    void theTrailingSlashRouteWinsTheSharedPrefixKeyAsInOpenShiftsSortOrder() {
        RouteMaps.Maps maps = maps(
                route("ns", "a").host("h.example.com").path("/x").build(),
                route("ns", "b").host("h.example.com").path("/x/").build());
        assertThat(maps.exact()).containsEntry("h.example.com/x", "be_http:ns:a");
        assertThat(maps.prefix()).containsEntry("h.example.com/x/", "be_http:ns:b");
    }

    @Test
    void wildcardRoutesAreKeyedByTheirDomain() {
        RouteMaps.Maps maps = maps(route("ns", "w").host("www.wild.test").subdomainWildcard().build());
        assertThat(maps.prefix()).containsExactly(Map.entry("*.wild.test/", "be_http:ns:w"));
    }

    @Test
    void mapFilesHaveOneSortedEntryPerLine() {
        RouteMaps.Maps maps = maps(
                route("ns", "b").host("b.example.com").build(),
                route("ns", "a").host("a.example.com").build());
        assertThat(maps.prefixFile()).isEqualTo("a.example.com/ be_http:ns:a\nb.example.com/ be_http:ns:b\n");
    }
}
