package org.sipice.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.sipice.media.ArchitectureFixture;
import org.sipice.sip.internal.CrossComponentFixture;

/**
 * Each rule of {@link ArchitectureTest} reports a violation planted in a test fixture, naming it:
 * the rules that pass on the main classes are not passing because they check nothing.
 */
class ArchitectureRulesBiteTest {
    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importClasses(ArchitectureFixture.class, CrossComponentFixture.class);

    @Test
    void anInternalTypeInAPublicSignatureIsReported() {
        assertReports(ArchitectureTest.NO_INTERNAL_TYPE_IN_THE_API, FIXTURES,
                "org.sipice.media.ArchitectureFixture executor(...) returns org.sipice.internal.concurrent.SerialExecutor");
    }

    @Test
    void aPublicPackageUsingAnImplementationIsReported() {
        assertReports(ArchitectureTest.PUBLIC_PACKAGES_USE_NO_IMPLEMENTATION, FIXTURES,
                "ArchitectureFixture.dispatcher> has type <org.sipice.sip.internal.SipDispatcher>");
    }

    @Test
    void anotherComponentsInternalPackageIsReported() {
        assertReports(ArchitectureTest.INTERNAL_PACKAGES_SERVE_ONLY_THEIR_COMPONENT, FIXTURES,
                "CrossComponentFixture.session> has type <org.sipice.ice.internal.RestartableIceSession>");
    }

    @Test
    void aLayerUsingAHigherOneIsReported() {
        assertReports(ArchitectureTest.LAYERS, FIXTURES, "org.sipice.sip.internal.SipDispatcher");
    }

    @Test
    void aPackageNeitherPublicNorInternalIsReported() {
        assertReports(ArchitectureTest.EVERY_PACKAGE_IS_CLASSIFIED,
                new ClassFileImporter().importClasses(ArchitectureRulesBiteTest.class),
                "ArchitectureRulesBiteTest is in org.sipice.architecture");
    }

    private static void assertReports(ArchRule rule, JavaClasses classes, String expected) {
        AssertionError error = assertThrows(AssertionError.class, () -> rule.check(classes));
        assertTrue(error.getMessage().contains(expected), "expected a report naming \"" + expected + "\", got:\n"
                + error.getMessage());
    }
}
