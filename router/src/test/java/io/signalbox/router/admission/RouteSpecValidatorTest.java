package io.signalbox.router.admission;

import io.signalbox.router.model.RouteBuilder;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.RouteTarget;
import org.junit.jupiter.api.Test;

class RouteSpecValidatorTest {
    private final RouteAdmission admission = new RouteAdmission(AdmissionSettings.defaults());

    private String message(RouteBuilder builder) {
        var errors = RouteSpecValidator.errors(builder.host("www.example.com").build());
        return errors.isEmpty() ? "" : FieldError.aggregate(errors);
    }

    @Test
    void a_valid_route_has_no_errors() {
        assertThat(RouteSpecValidator.errors(route("ns", "ok").host("h.example.com").path("/a/b")
                .targetPort("web-8080").build())).isEmpty();
    }

    @Test
    void the_namespace_and_name_must_be_dns_names_because_they_name_the_backend() {
        assertThat(message(route("ns", "a;b"))).startsWith("metadata.name: Invalid value: \"a;b\"");
        assertThat(message(route("Ns", "r"))).startsWith("metadata.namespace: Invalid value: \"Ns\"");
        assertThat(message(route("ns", "web.v1"))).isEmpty();
    }

    @Test
    void a_path_must_begin_with_a_slash() {
        assertThat(message(route("ns", "r").path("foo")))
                .isEqualTo("spec.path: Invalid value: \"foo\": path must begin with /");
    }

    @Test
    void a_path_must_not_hold_characters_that_break_the_config() {
        for (String bad : new String[] {"/a b", "/a#b", "/a?b", "/a\"b", "/a'b", "/a\\b", "/a\tb"}) {
            assertThat(message(route("ns", "r").path(bad))).contains("path must not contain");
        }
        assertThat(message(route("ns", "r").path("/a\tb")))
                .startsWith("spec.path: Invalid value: \"/a\\tb\": ");
    }

    @Test
    void a_passthrough_route_cannot_have_a_path() {
        assertThat(message(route("ns", "r").tls("passthrough").path("/x")))
                .isEqualTo("spec.path: Invalid value: \"/x\": passthrough termination does not support paths");
    }

    @Test
    void the_target_must_be_a_named_service() {
        assertThat(message(route("ns", "r").to(null))).isEqualTo("spec.to: Required value");
        assertThat(message(route("ns", "r").to(new RouteTarget("Pod", "p", 1))))
                .isEqualTo("spec.to.kind: Invalid value: \"Pod\": must reference a Service");
        assertThat(message(route("ns", "r").to(new RouteTarget("", "svc", 1)))).isEmpty();
        assertThat(message(route("ns", "r").to(new RouteTarget("Service", "", 1))))
                .isEqualTo("spec.to.name: Required value");
        assertThat(message(route("ns", "r").toService("Bad_Name"))).startsWith(
                "spec.to.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of");
    }

    @Test
    void at_most_three_alternate_backends_with_valid_names() {
        RouteTarget ok = new RouteTarget("Service", "b", 1);
        assertThat(message(route("ns", "r").alternates(ok, ok, ok))).isEmpty();
        assertThat(message(route("ns", "r").alternates(ok, ok, ok, ok)))
                .isEqualTo("spec.alternateBackends: Too many: 4: must have at most 3 items");
        assertThat(message(route("ns", "r").alternates(ok, new RouteTarget("Service", "x.y", 1))))
                .isEqualTo("spec.alternateBackends[1].name: Invalid value: \"x.y\": must not contain dots");
    }

    @Test
    void a_target_port_holds_only_letters_digits_and_dashes() {
        assertThat(message(route("ns", "r").targetPort("8080"))).isEmpty();
        assertThat(message(route("ns", "r").targetPort("web;x")))
                .isEqualTo("spec.port.targetPort: Invalid value: \"web;x\": must contain only letters, digits and '-'");
    }

    @Test
    void weights_are_not_checked_here() {
        assertThat(message(route("ns", "r").to(new RouteTarget("Service", "svc", 999)))).isEmpty();
    }

    @Test
    void several_errors_are_aggregated_in_brackets() {
        assertThat(message(route("ns", "r").path("x").to(null)))
                .isEqualTo("[spec.path: Invalid value: \"x\": path must begin with /, spec.to: Required value]");
    }

    @Test
    void an_invalid_route_is_rejected_first_and_claims_no_host() {
        var invalid = route("ns", "bad").host("www.example.com").path("nope").build();
        assertThat(admission.routeUpserted(invalid)).singleElement().satisfies(change -> {
            assertThat(change.condition()).isEqualTo(Condition.rejected("InvalidRoute",
                    "spec.path: Invalid value: \"nope\": path must begin with /"));
        });
        var newer = route("ns", "good").host("www.example.com").build();
        assertThat(admission.routeUpserted(newer)).singleElement()
                .extracting(AdmissionChange::condition).isEqualTo(Condition.admittedTrue());
    }

    @Test
    void an_admitted_route_that_becomes_invalid_leaves_and_promotes_the_next() {
        var a = route("ns", "a").host("h.example.com").build();
        var b = route("ns", "b").host("h.example.com").build();
        admission.routeUpserted(a);
        admission.routeUpserted(b);
        var changes = admission.routeUpserted(route("ns", "a").host("h.example.com").uid(a.uid())
                .createdAt(0).to(null).build());
        assertThat(changes).extracting(c -> c.route().name() + ":" + c.condition().reason())
                .containsExactlyInAnyOrder("a:InvalidRoute", "b:");
        assertThat(admission.admitted()).containsOnlyKeys(b.ref());
    }
}
