package io.signalbox.router.model;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteAgeTest {
    @Test
    void routesOfTheSameAgeWithoutUidSortAsTheirNamespaceSlashNameStrings() {
        List<Route> routes = new ArrayList<>();
        for (String ns : List.of("a", "a-x", "ab", "a.b", "b", "a0")) {
            for (String name : List.of("b", "b-c", "a", "x.y", "bb")) {
                routes.add(route(ns, name).uid(null).createdAt(0).build());
            }
        }
        routes.add(route("c", "n").uid("0000").createdAt(0).build());
        List<Route> byAge = new ArrayList<>(routes);
        byAge.sort(RouteAge.OLDEST_FIRST);
        List<Route> byString = new ArrayList<>(routes);
        byString.sort(Comparator.comparing(RouteAge::uidOrRef));

        assertThat(byAge).containsExactlyElementsOf(byString);
        assertThat(byAge.get(0).uid()).isEqualTo("0000");
    }
}
