package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.TlsConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FrontendMapsTest {
    private static Route tls(String name, String host, String path, String termination, String policy) {
        return route("ns", name).host(host).path(path).tls(new TlsConfig(termination, null, null, null, null, policy))
                .build();
    }

    private static FrontendMaps maps(Route... routes) {
        Map<ObjectRef, String> names = List.of(routes).stream()
                .collect(Collectors.toMap(Route::ref, BackendPlanner::backendName));
        return FrontendMaps.build(List.of(routes), names);
    }

    @Test
    void edgeWithPolicyNoneIsServedOnlyOverHttps() {
        FrontendMaps maps = maps(tls("e", "e.example.com", "", "edge", null));
        assertThat(maps.http().prefix()).isEmpty();
        assertThat(maps.https().prefix()).containsExactly(Map.entry("e.example.com/", "be_edge_http:ns:e"));
    }

    @Test
    void allowServesTheSameBackendOnHttpAndRedirectSaysSo() {
        FrontendMaps maps = maps(tls("a", "a.example.com", "", "reencrypt", "Allow"),
                tls("r", "r.example.com", "/x", "edge", "Redirect"));
        assertThat(maps.http().prefix()).containsEntry("a.example.com/", "be_secure:ns:a")
                .containsEntry("r.example.com/x/", "redirect");
        assertThat(maps.http().exact()).containsExactly(Map.entry("r.example.com/x", "redirect"));
    }

    @Test
    void aPlainRouteOnAPathKeepsItsKeysBesideARedirectingRoot() {
        FrontendMaps maps = maps(route("ns", "plain").host("m.example.com").path("/a").build(),
                tls("root", "m.example.com", "", "edge", "Redirect"));
        assertThat(maps.http().prefix()).containsEntry("m.example.com/a/", "be_http:ns:plain")
                .containsEntry("m.example.com/", "redirect");
        assertThat(maps.https().prefix()).containsExactly(Map.entry("m.example.com/", "be_edge_http:ns:root"));
    }

    @Test
    void passthroughIsLookedUpBySniAndMayRedirectPlainHttp() {
        FrontendMaps maps = maps(tls("pt", "PT.example.com", "", "passthrough", "Redirect"),
                route("ns", "w").host("www.wild.test").subdomainWildcard()
                        .tls(new TlsConfig("passthrough", null, null, null, null, null)).build());
        assertThat(maps.passthrough()).containsExactly(Map.entry("*.wild.test", "be_tcp:ns:w"),
                Map.entry("pt.example.com", "be_tcp:ns:pt"));
        assertThat(maps.http().prefix()).containsExactly(Map.entry("pt.example.com/", "redirect"));
        assertThat(maps.https().prefix()).isEmpty();
    }
}
