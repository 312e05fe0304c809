package io.signalbox.router.admission;

import io.signalbox.router.model.RouteBuilder;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteAdmissionTest {
    private static final String H = "www.example.com";

    private static AdmissionSettings settings(boolean wildcards, boolean noOwnership) {
        var d = AdmissionSettings.defaults();
        return new AdmissionSettings(d.allowedDomains(), d.deniedDomains(), wildcards, noOwnership,
                d.routerSubdomain(), d.routerDomain(), d.overrideHostname(), d.overrideDomains(),
                d.routeLabels(), d.namespaceLabels());
    }

    private static String summary(AdmissionChange change) {
        Condition c = change.condition();
        return change.route().ref() + (c.admitted() ? " True" : " False " + c.reason() + ": " + c.message());
    }

    private static List<String> summaries(List<AdmissionChange> changes) {
        return changes.stream().map(RouteAdmissionTest::summary).toList();
    }

    private static Condition claimed(String message) {
        return Condition.rejected("HostAlreadyClaimed", message);
    }

    private static Condition only(List<AdmissionChange> changes) {
        assertThat(changes).hasSize(1);
        return changes.get(0).condition();
    }

    private final RouteAdmission admission = new RouteAdmission(AdmissionSettings.defaults());

    @Test
    void case1_a_valid_route_is_admitted_and_served() {
        Route r1 = route("ns", "r1").host(H).build();
        assertThat(only(admission.routeUpserted(r1))).isEqualTo(Condition.admittedTrue());
        assertThat(admission.admitted()).containsEntry(r1.ref(), r1);
    }

    @Test
    void case2_the_newer_route_in_the_same_namespace_is_rejected() {
        Route a = route("ns", "a").host(H).build();
        Route b = route("ns", "b").host(H).build();
        admission.routeUpserted(a);
        assertThat(only(admission.routeUpserted(b)))
                .isEqualTo(claimed("route a already exposes www.example.com and is older"));
        assertThat(admission.admitted()).containsOnlyKeys(a.ref());
    }

    @Test
    void case3_the_newer_route_in_another_namespace_is_rejected() {
        admission.routeUpserted(route("ns1", "a").host(H).build());
        assertThat(only(admission.routeUpserted(route("ns2", "b").host(H).build())))
                .isEqualTo(claimed("a route in another namespace holds www.example.com and is older than b"));
    }

    @Test
    void case4_deleting_routes_promotes_the_inactive_ones_oldest_first() {
        Route a = route("ns", "a").host("example.com").build();
        Route b = route("ns", "b").host("example.com").path("/foo").build();
        Route c = route("ns", "c").host("example.com").path("/foo").build();
        Route d = route("ns", "d").host("example.com").path("/foo").build();
        Route e = route("ns", "e").host("example.com").path("/bar").build();
        List.of(a, b, c, d, e).forEach(admission::routeUpserted);
        assertThat(admission.admitted()).containsOnlyKeys(a.ref(), b.ref(), e.ref());

        assertThat(summaries(admission.routeDeleted(b.ref()))).containsExactly("ns/c True");
        assertThat(admission.admitted()).containsOnlyKeys(a.ref(), c.ref(), e.ref());

        assertThat(summaries(admission.routeDeleted(c.ref()))).containsExactly("ns/d True");
        assertThat(admission.routeDeleted(e.ref())).isEmpty();
        assertThat(admission.admitted()).containsOnlyKeys(a.ref(), d.ref());
    }

    @Test
    void case7_another_namespace_cannot_split_a_host_by_path() {
        admission.routeUpserted(route("ns1", "a").host(H).build());
        assertThat(only(admission.routeUpserted(route("ns2", "b").host(H).path("/b").build())))
                .isEqualTo(claimed("a route in another namespace holds www.example.com and is older than b"));
    }

    @Test
    void case7_without_ownership_checks_paths_split_across_namespaces_but_equal_paths_still_conflict() {
        RouteAdmission open = new RouteAdmission(settings(false, true));
        open.routeUpserted(route("ns1", "a").host(H).build());
        assertThat(only(open.routeUpserted(route("ns2", "b").host(H).path("/b").build())))
                .isEqualTo(Condition.admittedTrue());
        assertThat(only(open.routeUpserted(route("ns2", "c").host(H).path("/b").build())))
                .isEqualTo(claimed("route b already exposes www.example.com and is older"));
    }

    @Test
    void oldest_first_an_older_route_arriving_later_displaces_the_newer_one() {
        RouteAdmission open = new RouteAdmission(settings(false, true));
        Route newer = route("ns2", "newer").host(H).path("/x").build();
        open.routeUpserted(newer);
        Route older = route("ns1", "older").host(H).path("/x").createdAt(-100).build();
        assertThat(summaries(open.routeUpserted(older))).containsExactlyInAnyOrder(
                "ns1/older True", "ns2/newer False HostAlreadyClaimed: replaced by older route older");
    }

    @Test
    void an_older_route_from_another_namespace_takes_the_host_and_displaces_every_path() {
        Route root = route("ns2", "root").host(H).build();
        Route foo = route("ns2", "foo").host(H).path("/foo").build();
        admission.routeUpserted(root);
        admission.routeUpserted(foo);
        Route older = route("ns1", "older").host(H).path("/other").createdAt(-100).build();
        assertThat(summaries(admission.routeUpserted(older))).containsExactlyInAnyOrder(
                "ns1/older True",
                "ns2/root False HostAlreadyClaimed: replaced by older route older",
                "ns2/foo False HostAlreadyClaimed: replaced by older route older");
        assertThat(admission.admitted()).containsOnlyKeys(older.ref());

        assertThat(summaries(admission.routeDeleted(older.ref())))
                .containsExactlyInAnyOrder("ns2/root True", "ns2/foo True");
    }

    @Test
    void deleting_the_owner_hands_the_host_to_the_oldest_waiting_namespace() {
        Route a = route("ns1", "a").host(H).build();
        Route a2 = route("ns1", "a2").host(H).path("/x").build();
        Route b = route("ns2", "b").host(H).path("/b").build();
        List.of(a, a2, b).forEach(admission::routeUpserted);
        // a2 keeps ns1's claim, so b stays out.
        assertThat(admission.routeDeleted(a.ref())).isEmpty();
        assertThat(summaries(admission.routeDeleted(a2.ref()))).containsExactly("ns2/b True");
    }

    @Test
    void passthrough_shares_a_host_with_plain_http_but_not_with_other_tls() {
        admission.routeUpserted(route("ns", "a").host("test.com").tls("passthrough").build());
        assertThat(only(admission.routeUpserted(route("ns", "b").host("test.com").path("/bar").build())))
                .isEqualTo(Condition.admittedTrue());
        assertThat(only(admission.routeUpserted(route("ns", "c").host("test.com").path("/foo").tls("edge").build())))
                .isEqualTo(claimed("route b already exposes test.com and is older"));
    }

    @Test
    void a_passthrough_route_after_an_edge_route_on_the_host_is_rejected() {
        admission.routeUpserted(route("ns", "edge").host("test.com").path("/foo").tls("edge").build());
        assertThat(only(admission.routeUpserted(route("ns", "pt").host("test.com").tls("passthrough").build())))
                .isEqualTo(claimed("route edge already exposes test.com and is older"));
    }

    @Test
    void case9_a_64_character_label_is_an_invalid_host_and_63_is_fine() {
        String label63 = "name-namespace-1234567890-1234567890-1234567890-1234567890-1234";
        String host64 = label63 + "5.example.test";
        assertThat(only(admission.routeUpserted(route("ns", "long").host(host64).build()))).isEqualTo(
                Condition.rejected("InvalidHost", "host name validation errors: spec.host: Invalid value: \""
                        + host64 + "\": must be no more than 63 characters"));
        assertThat(only(admission.routeUpserted(route("ns", "ok").host(label63 + ".example.test").build())))
                .isEqualTo(Condition.admittedTrue());
    }

    @Test
    void an_upper_case_host_is_invalid_with_both_kubernetes_messages() {
        String subdomainRule = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                + " '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex"
                + " used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        // apimachinery's RegexError really prints two spaces before "or".
        String labelRule = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
                + " and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex"
                + " used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        assertThat(only(admission.routeUpserted(route("ns", "up").host("WWW.example.com").build())))
                .isEqualTo(Condition.rejected("InvalidHost", "host name validation errors: "
                        + "spec.host: Invalid value: \"WWW.example.com\": host must conform to DNS naming conventions: ["
                        + subdomainRule + "], spec.host: Invalid value: \"WWW.example.com\": "
                        + labelRule));
    }

    @Test
    void a_253_character_host_is_valid_and_a_279_character_one_is_not() {
        String label = "a".repeat(63);
        String host253 = String.join(".", label, label, label, "a".repeat(61));
        assertThat(host253).hasSize(253);
        assertThat(HostNameValidator.errors(host253)).isEmpty();
        assertThat(HostNameValidator.errors(host253 + "." + "b".repeat(25)).toString())
                .contains("must be no more than 253 characters");
    }

    @Test
    void case10_an_empty_wildcard_policy_is_not_admitted() {
        assertThat(only(admission.routeUpserted(route("ns", "r").host(H).wildcardPolicy("").build())))
                .isEqualTo(Condition.rejected("RouteNotAdmitted", "unknown wildcard policy "));
        assertThat(admission.admitted()).isEmpty();
    }

    @Test
    void case11_denied_domains_beat_allowed_domains() {
        RouteAdmission lists = new RouteAdmission(new AdmissionSettings(Set.of("ok.test", "bad.test"),
                Set.of("bad.test"), false, false, "", "", false, Set.of(), Optional.empty(), Optional.empty()));
        assertThat(only(lists.routeUpserted(route("ns", "a").host("a.bad.test").build())))
                .isEqualTo(Condition.rejected("RouteNotAdmitted", "host in list of denied domains"));
        assertThat(only(lists.routeUpserted(route("ns", "x").host("x.other.test").build())))
                .isEqualTo(Condition.rejected("RouteNotAdmitted", "host not in the allowed list of domains"));
        assertThat(only(lists.routeUpserted(route("ns", "deep").host("deep.sub.ok.test").build())))
                .isEqualTo(Condition.admittedTrue());
        assertThat(only(lists.routeUpserted(route("ns", "apex").host("ok.test").build())))
                .isEqualTo(Condition.admittedTrue());
    }

    @Test
    void domain_lists_match_whole_labels_only() {
        assertThat(DomainList.contains(Set.of("example.com"), "notexample.com")).isFalse();
        assertThat(DomainList.contains(Set.of("example.com"), "a.b.example.com")).isTrue();
    }

    @Test
    void case12_wildcard_routes_are_refused_unless_enabled() {
        assertThat(only(admission.routeUpserted(route("ns", "w").host("www.wild.test").subdomainWildcard().build())))
                .isEqualTo(Condition.rejected("RouteNotAdmitted", "wildcard routes are not allowed"));
    }

    @Test
    void case13_with_wildcards_on_a_wildcard_and_a_host_in_one_namespace_coexist() {
        RouteAdmission wild = new RouteAdmission(settings(true, false));
        Route w = route("ns", "w").host("www.wild.test").subdomainWildcard().build();
        Route foo = route("ns", "foo").host("foo.wild.test").build();
        assertThat(only(wild.routeUpserted(w))).isEqualTo(Condition.admittedTrue());
        assertThat(only(wild.routeUpserted(foo))).isEqualTo(Condition.admittedTrue());
        assertThat(wild.admitted().get(w.ref()).wildcardPolicy()).isEqualTo("Subdomain");
    }

    @Test
    void case15_router_subdomain_generates_a_missing_host() {
        RouteAdmission generated = new RouteAdmission(rewriting("${name}-${namespace}.apps.example.com", "", false));
        List<AdmissionChange> changes = generated.routeUpserted(route("shop", "web").build());
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.route().host()).isEqualTo("web-shop.apps.example.com");
            assertThat(c.condition()).isEqualTo(Condition.admittedTrue());
        });
    }

    @Test
    void case15_without_router_subdomain_a_route_without_host_has_no_host_value() {
        assertThat(only(admission.routeUpserted(route("shop", "web").build())))
                .isEqualTo(Condition.rejected("NoHostValue", "no host value was defined for the route"));
    }

    @Test
    void case16_override_hostname_replaces_the_given_host() {
        RouteAdmission override = new RouteAdmission(rewriting("'${name}-${namespace}.apps.example.com'", "", true));
        Route r = route("shop", "web").host("first.example.com").build();
        assertThat(override.routeUpserted(r)).singleElement()
                .satisfies(c -> assertThat(c.route().host()).isEqualTo("web-shop.apps.example.com"));
        assertThat(override.admitted().get(r.ref()).host()).isEqualTo("web-shop.apps.example.com");
    }

    @Test
    void without_override_a_given_host_is_kept_unless_it_is_in_an_override_domain() {
        var d = AdmissionSettings.defaults();
        RouteAdmission domains = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), false, false,
                "${name}.apps.test", "", false, Set.of("old.test"), d.routeLabels(), d.namespaceLabels()));
        assertThat(domains.routeUpserted(route("ns", "keep").host("keep.example.com").build()).get(0).route().host())
                .isEqualTo("keep.example.com");
        assertThat(domains.routeUpserted(route("ns", "moved").host("x.old.test").build()).get(0).route().host())
                .isEqualTo("moved.apps.test");
    }

    @Test
    void an_unknown_template_key_leaves_the_route_unchanged() {
        RouteAdmission unknown = new RouteAdmission(rewriting("${name}-${cluster}.apps.test", "", true));
        assertThat(unknown.routeUpserted(route("ns", "r").host(H).build()).get(0).route().host()).isEqualTo(H);
    }

    @Test
    void case17_spec_subdomain_uses_the_router_domain() {
        RouteAdmission domain = new RouteAdmission(rewriting("", "apps.example.com", false));
        assertThat(domain.routeUpserted(route("ns", "fe").subdomain("frontend").build()).get(0).route().host())
                .isEqualTo("frontend.apps.example.com");
    }

    private static AdmissionSettings rewriting(String template, String routerDomain, boolean override) {
        return new AdmissionSettings(Set.of(), Set.of(), false, false, template, routerDomain, override, Set.of(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void case18_route_labels_select_which_routes_are_served() {
        RouteAdmission sharded = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), false, false, "", "",
                false, Set.of(), Optional.of(LabelSelector.parse("type=sharded")), Optional.empty()));
        RouteBuilder r = route("ns", "r").host(H);
        assertThat(sharded.routeUpserted(r.build())).isEmpty();
        assertThat(sharded.admitted()).isEmpty();

        Route labelled = r.label("type", "sharded").build();
        assertThat(only(sharded.routeUpserted(labelled))).isEqualTo(Condition.admittedTrue());
        assertThat(sharded.admitted()).containsOnlyKeys(labelled.ref());

        assertThat(sharded.routeUpserted(route("ns", "r").host(H).uid(labelled.uid()).build())).isEmpty();
        assertThat(sharded.admitted()).isEmpty();
    }

    @Test
    void case18_an_unselected_route_stops_blocking_the_host() {
        RouteAdmission sharded = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), false, false, "", "",
                false, Set.of(), Optional.of(LabelSelector.parse("type=sharded")), Optional.empty()));
        Route a = route("ns", "a").host(H).label("type", "sharded").build();
        Route b = route("ns", "b").host(H).label("type", "sharded").build();
        sharded.routeUpserted(a);
        sharded.routeUpserted(b);
        Route aUnlabelled = route("ns", "a").host(H).uid(a.uid()).build();
        assertThat(summaries(sharded.routeUpserted(aUnlabelled))).containsExactly("ns/b True");
    }

    @Test
    void case19_namespace_labels_gate_routes_and_replay_them_when_the_namespace_matches() {
        RouteAdmission scoped = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), false, false, "", "",
                false, Set.of(), Optional.empty(), Optional.of(LabelSelector.parse("shard=a"))));
        Route r = route("team", "r").host(H).build();
        assertThat(scoped.routeUpserted(r)).isEmpty();
        assertThat(scoped.namespaceUpserted(new NamespaceInfo("team", Map.of()))).isEmpty();
        assertThat(scoped.admitted()).isEmpty();

        assertThat(summaries(scoped.namespaceUpserted(new NamespaceInfo("team", Map.of("shard", "a")))))
                .containsExactly("team/r True");
        assertThat(scoped.admitted()).containsOnlyKeys(r.ref());

        assertThat(scoped.namespaceUpserted(new NamespaceInfo("team", Map.of()))).isEmpty();
        assertThat(scoped.admitted()).isEmpty();
    }

    @Test
    void case19_a_namespace_leaving_promotes_the_routes_it_blocked() {
        RouteAdmission scoped = new RouteAdmission(new AdmissionSettings(Set.of(), Set.of(), false, false, "", "",
                false, Set.of(), Optional.empty(), Optional.of(LabelSelector.parse("shard=a"))));
        scoped.namespaceUpserted(new NamespaceInfo("one", Map.of("shard", "a")));
        scoped.namespaceUpserted(new NamespaceInfo("two", Map.of("shard", "a")));
        scoped.routeUpserted(route("one", "old").host(H).build());
        scoped.routeUpserted(route("two", "new").host(H).build());
        assertThat(summaries(scoped.namespaceDeleted("one"))).containsExactly("two/new True");
        assertThat(scoped.admitted()).containsOnlyKeys(route("two", "new").build().ref());
    }

    @Test
    void an_update_that_only_changes_the_target_replaces_the_served_route() {
        Route r = route("ns", "r").host(H).build();
        admission.routeUpserted(r);
        Route retargeted = new Route(r.ref(), r.uid(), r.creationTimestamp(), r.resourceVersion(), r.labels(),
                r.annotations(), r.host(), r.subdomain(), r.path(), r.wildcardPolicy(),
                new io.signalbox.router.model.RouteTarget("Service", "other", 1), r.alternateBackends(),
                r.targetPort(), r.tls());
        assertThat(admission.routeUpserted(retargeted)).isEmpty();
        assertThat(admission.admitted().get(r.ref()).to().name()).isEqualTo("other");
    }

    @Test
    void a_path_change_re_adds_the_route_and_may_promote_a_waiting_one() {
        Route a = route("ns", "a").host(H).path("/x").build();
        Route b = route("ns", "b").host(H).path("/x").build();
        admission.routeUpserted(a);
        admission.routeUpserted(b);
        Route moved = route("ns", "a").host(H).path("/y").uid(a.uid()).build();
        assertThat(summaries(admission.routeUpserted(moved))).containsExactly("ns/b True");
        assertThat(admission.admitted()).containsOnlyKeys(a.ref(), b.ref());
        assertThat(admission.admitted().get(a.ref()).path()).isEqualTo("/y");
    }

    @Test
    void a_host_change_releases_the_old_host() {
        Route a = route("ns", "a").host(H).build();
        Route b = route("ns", "b").host(H).build();
        admission.routeUpserted(a);
        admission.routeUpserted(b);
        Route moved = route("ns", "a").host("new.example.com").uid(a.uid()).build();
        assertThat(summaries(admission.routeUpserted(moved))).containsExactlyInAnyOrder("ns/b True", "ns/a True");
    }

    @Test
    void a_new_uid_under_the_same_name_is_a_missed_delete() {
        Route a = route("ns", "a").host(H).build();
        Route b = route("ns", "b").host(H).build();
        admission.routeUpserted(a);
        admission.routeUpserted(b);
        Route recreated = route("ns", "a").host(H).uid("fresh").build();
        assertThat(summaries(admission.routeUpserted(recreated))).containsExactlyInAnyOrder(
                "ns/b True", "ns/a False HostAlreadyClaimed: route b already exposes www.example.com and is older");
    }

    @Test
    void an_unchanged_update_reports_nothing() {
        Route r = route("ns", "r").host(H).build();
        admission.routeUpserted(r);
        assertThat(admission.routeUpserted(r)).isEmpty();
    }
}
