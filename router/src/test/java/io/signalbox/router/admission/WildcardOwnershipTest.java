package io.signalbox.router.admission;


import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.Route;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC §10 case 14 and host_admitter_test.go TestWildcardSubDomainOwnership. */
class WildcardOwnershipTest {
    private final RouteAdmission admission = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), true,
            false, "", "", false, Set.of(), Optional.empty(), Optional.empty()));

    private Condition admit(Route route) {
        var changes = admission.routeUpserted(route);
        return changes.stream().filter(c -> c.route().ref().equals(route.ref())).findFirst().orElseThrow()
                .condition();
    }

    private static Condition claimed(String message) {
        return Condition.rejected("HostAlreadyClaimed", message);
    }

    @Test
    void case14_the_oldest_wildcard_owns_its_domain_until_an_older_route_arrives() {
        Route owner = route("owner", "first").host("owner.namespace.test").subdomainWildcard().createdAt(0).build();
        assertThat(admit(owner)).isEqualTo(Condition.admittedTrue());

        assertThat(admit(route("notowner", "diffnamespace").host("www.namespace.test").createdAt(7200).build()))
                .isEqualTo(claimed("a route in another namespace holds host www.namespace.test"));
        assertThat(admit(route("notowner", "diffnamespacewildcard").host("www.namespace.test")
                .subdomainWildcard().createdAt(7200).build()))
                .isEqualTo(claimed("a route in another namespace holds host www.namespace.test"));
        Route api = route("owner", "ownernshost").host("api.namespace.test").createdAt(14400).build();
        assertThat(admit(api)).isEqualTo(Condition.admittedTrue());
        assertThat(admit(route("owner", "ownernswildcardhost").host("wild.namespace.test").subdomainWildcard()
                .createdAt(14400).build()))
                .isEqualTo(claimed("wildcard route owner/first has host *.namespace.test, blocking wild.namespace.test"));

        Route bouncer = route("bouncer", "hosted").host("api.namespace.test").createdAt(-3600).build();
        var changes = admission.routeUpserted(bouncer);
        assertThat(changes).extracting(c -> c.route().name() + " " + c.condition())
                .containsExactlyInAnyOrder(
                        "hosted " + Condition.admittedTrue(),
                        "first " + claimed("a route in another namespace holds host owner.namespace.test"),
                        "ownernshost " + claimed("a route in another namespace holds host api.namespace.test"));
        assertThat(admission.admitted()).containsOnlyKeys(bouncer.ref());
    }

    @Test
    void an_older_host_in_another_namespace_blocks_a_wildcard() {
        admit(route("b", "www").host("www.d.test").createdAt(0).build());
        assertThat(admit(route("a", "wild").host("x.d.test").subdomainWildcard().createdAt(10).build()))
                .isEqualTo(claimed("a route in another namespace holds host x.d.test"));
    }

    @Test
    void a_same_namespace_block_names_the_blocking_route() {
        admit(route("ns", "one").host("h.d.test").createdAt(0).build());
        assertThat(admit(route("ns", "two").host("h.d.test").createdAt(10).build()))
                .isEqualTo(claimed("route ns/one has host h.d.test"));
    }

    @Test
    void an_older_same_namespace_wildcard_displaces_a_newer_one_on_the_same_path() {
        admit(route("ns", "newer").host("a.d.test").subdomainWildcard().createdAt(10).build());
        var changes = admission.routeUpserted(route("ns", "older").host("b.d.test").subdomainWildcard()
                .createdAt(0).build());
        assertThat(changes).extracting(c -> c.route().name() + " " + c.condition()).containsExactlyInAnyOrder(
                "older " + Condition.admittedTrue(),
                "newer " + claimed("wildcard route ns/older has host *.d.test blocking a.d.test"));
    }

    @Test
    void deleting_a_claimant_frees_the_domain_for_new_routes() {
        Route owner = route("a", "wild").host("x.d.test").subdomainWildcard().createdAt(0).build();
        admit(owner);
        admission.routeDeleted(owner.ref());
        assertThat(admit(route("b", "www").host("www.d.test").createdAt(10).build()))
                .isEqualTo(Condition.admittedTrue());
    }
}
