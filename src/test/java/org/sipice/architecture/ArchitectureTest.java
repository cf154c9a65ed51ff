package org.sipice.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.sipice.architecture.SipicePackages.ENTRY_POINTS;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The public API is a boundary, not a convention (docs/ARCHITECTURE.md, "Public API"): public
 * packages do not use internal code except through their one entry point, internal types never
 * appear in the API, an {@code internal} package serves only its own component, and each layer
 * uses only the layers below it. {@link ArchitectureRulesBiteTest} shows each rule failing.
 */
class ArchitectureTest {

    static final ArchRule EVERY_PACKAGE_IS_CLASSIFIED = classes().should(
            new ArchCondition<>("be in a public package, an internal package or " + SipicePackages.APPLICATION) {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String p = c.getPackageName();
                    boolean known = SipicePackages.isPublicPackage(p) || SipicePackages.isInternal(p)
                            || p.equals(SipicePackages.APPLICATION);
                    events.add(new SimpleConditionEvent(c, known, c.getName() + " is in " + p
                            + ": add the package to SipicePackages.PUBLIC (and to the API listing) or move it"
                            + " under internal"));
                }
            });

    static final ArchRule PUBLIC_PACKAGES_USE_NO_IMPLEMENTATION = noClasses()
            .that(describe("are in a public package", c -> SipicePackages.isPublicPackage(c.getPackageName())))
            .and(describe("are not an entry point", c -> SipicePackages.entryPointOf(c) == null))
            .should().dependOnClassesThat(describe("are internal (but the shared utilities)",
                    c -> SipicePackages.isImplementation(c.getPackageName())))
            .because("public packages reach their implementation only through the entry point listed in"
                    + " SipicePackages.ENTRY_POINTS");

    static final ArchRule ENTRY_POINTS_USE_ONLY_THEIR_OWN_INTERNALS = classes()
            .that(describe("are entry points", c -> SipicePackages.entryPointOf(c) != null))
            .should(new ArchCondition<>("use only their own package's internal sub-packages") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String own = ENTRY_POINTS.get(SipicePackages.entryPointOf(c));
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String target = d.getTargetClass().getPackageName();
                        if (SipicePackages.isImplementation(target) && !(target.equals(own)
                                || target.startsWith(own + "."))) {
                            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                        }
                    }
                }
            });

    static final ArchRule NO_INTERNAL_TYPE_IN_THE_API = classes()
            .that(describe("are API", SipicePackages::isApi))
            .should(new ApiSignatureCondition());

    /** sip.internal must not build ice.internal's objects: each internal package serves its own component. */
    static final ArchRule INTERNAL_PACKAGES_SERVE_ONLY_THEIR_COMPONENT = CompositeArchRule.of(
            ENTRY_POINTS.values().stream().sorted().map(ArchitectureTest::onlyItsComponentUses).toList());

    static final ArchRule LAYERS = layers();

    @Test
    void everyPackageIsPublicInternalOrTheCommand() {
        EVERY_PACKAGE_IS_CLASSIFIED.check(SipicePackages.main());
    }

    @Test
    void publicPackagesUseNoImplementationOutsideTheirEntryPoint() {
        PUBLIC_PACKAGES_USE_NO_IMPLEMENTATION.check(SipicePackages.main());
    }

    @Test
    void anEntryPointUsesOnlyItsOwnPackagesInternals() {
        ENTRY_POINTS_USE_ONLY_THEIR_OWN_INTERNALS.check(SipicePackages.main());
    }

    @Test
    void noInternalTypeAppearsInTheApi() {
        NO_INTERNAL_TYPE_IN_THE_API.check(SipicePackages.main());
    }

    @Test
    void anInternalPackageServesOnlyItsComponent() {
        INTERNAL_PACKAGES_SERVE_ONLY_THEIR_COMPONENT.check(SipicePackages.main());
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        LAYERS.check(SipicePackages.main());
    }

    private static ArchRule onlyItsComponentUses(String internal) {
        String owner = internal.substring(0, internal.length() - ".internal".length());
        return noClasses().that().resideOutsideOfPackage(owner + "..")
                .should().dependOnClassesThat().resideInAPackage(internal + "..")
                .because(internal + " is the implementation of " + owner + "; other components use " + owner
                        + "'s public API");
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (SipicePackages.Layer layer : SipicePackages.LAYERS) {
            layers = layers.layer(layer.name()).definedBy(layer.packages().toArray(String[]::new));
        }
        for (SipicePackages.Layer layer : SipicePackages.LAYERS) {
            layers = layer.uses().isEmpty()
                    ? layers.whereLayer(layer.name()).mayNotAccessAnyLayer()
                    : layers.whereLayer(layer.name()).mayOnlyAccessLayers(layer.uses().toArray(String[]::new));
        }
        return layers;
    }
}
