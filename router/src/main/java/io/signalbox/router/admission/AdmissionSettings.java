package io.signalbox.router.admission;

import java.util.Optional;
import java.util.Set;

/** Settings from the OpenShift env names; built by the daemon's config loader. */
public record AdmissionSettings(
        Set<String> allowedDomains,
        Set<String> deniedDomains,
        boolean allowWildcardRoutes,
        boolean disableNamespaceOwnershipCheck,
        String routerSubdomain,
        String routerDomain,
        boolean overrideHostname,
        Set<String> overrideDomains,
        Optional<LabelSelector> routeLabels,
        Optional<LabelSelector> namespaceLabels,
        boolean extendedValidation) {

    public AdmissionSettings {
        allowedDomains = Set.copyOf(allowedDomains);
        deniedDomains = Set.copyOf(deniedDomains);
        overrideDomains = Set.copyOf(overrideDomains);
        routerSubdomain = routerSubdomain == null ? "" : routerSubdomain;
        routerDomain = routerDomain == null ? "" : routerDomain;
    }

    /** EXTENDED_VALIDATION at its default (on). */
    public AdmissionSettings(Set<String> allowedDomains, Set<String> deniedDomains, boolean allowWildcardRoutes,
                             boolean disableNamespaceOwnershipCheck, String routerSubdomain, String routerDomain,
                             boolean overrideHostname, Set<String> overrideDomains,
                             Optional<LabelSelector> routeLabels, Optional<LabelSelector> namespaceLabels) {
        this(allowedDomains, deniedDomains, allowWildcardRoutes, disableNamespaceOwnershipCheck, routerSubdomain,
                routerDomain, overrideHostname, overrideDomains, routeLabels, namespaceLabels, true);
    }

    /** OpenShift's defaults: every env variable unset. */
    public static AdmissionSettings defaults() {
        return new AdmissionSettings(Set.of(), Set.of(), false, false, "", "", false, Set.of(),
                Optional.empty(), Optional.empty());
    }
}
