package org.sipice.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is public in sipice, written down once: the rules of {@link ArchitectureTest} and the
 * listing of {@link ApiListingTest} read it. docs/ARCHITECTURE.md, "Public API", says the same in
 * prose; change both together.
 */
final class SipicePackages {
    private SipicePackages() {
    }

    /** The packages applications import. Their public types (and those types' public and protected members) are the API. */
    static final Set<String> PUBLIC = Set.of(
            "org.sipice.sdp",
            "org.sipice.ice",
            "org.sipice.sip",
            "org.sipice.b2bua",
            "org.sipice.thirdparty",
            "org.sipice.diagnostics",
            "org.sipice.profile",
            "org.sipice.testkit",
            "org.sipice.stun",
            "org.sipice.natprobe",
            "org.sipice.media");

    /** The {@code sipice} command: an application of the library shipped in the same jar, not API. */
    static final String APPLICATION = "org.sipice.cli";

    /**
     * The only classes of public packages allowed to use internal code, each only its own
     * package's {@code internal} sub-packages, never in an API signature: the facade that wires
     * a public package to its implementation. Nested classes of an entry point count as the entry
     * point. A new one is a design decision: add it here, with its reason, and in
     * docs/ARCHITECTURE.md.
     */
    static final Map<String, String> ENTRY_POINTS = Map.of(
            // package-private: IceSession.create, IceSession.createFork and IceSessionPool.create
            "org.sipice.ice.Engine", "org.sipice.ice.internal",
            // installs SipDispatcher as the provider's listener and delegates to it
            "org.sipice.sip.IceUserAgent", "org.sipice.sip.internal",
            // gives a TLS stack its certificate and server checks (sip.internal.transport)
            "org.sipice.sip.SipEndpoint", "org.sipice.sip.internal",
            // one Bridge per incoming call
            "org.sipice.b2bua.B2bua", "org.sipice.b2bua.internal",
            // one Session per controlled call, ControllerDispatcher as the provider's listener
            "org.sipice.thirdparty.ThirdPartyController", "org.sipice.thirdparty.internal");

    /**
     * Internal utilities any layer above them may use, public packages included: escaping peer
     * text, executors, the log bridges, certificates and trust for TLS. They are the lowest layers ({@code base}, {@code logging}):
     * they import no sipice package but {@code org.sipice.sdp}, so using them makes no cycle, and
     * no API signature names them ({@link ApiSignatureCondition}).
     */
    static final Set<String> SHARED_UTILITIES = Set.of(
            "org.sipice.internal.concurrent", "org.sipice.internal.text", "org.sipice.internal.logging",
            "org.sipice.internal.tls");

    /** sipice's main classes (no tests), imported once per test JVM, when first needed. */
    static JavaClasses main() {
        return Main.CLASSES;
    }

    private static final class Main {
        static final JavaClasses CLASSES = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.sipice");
    }

    /**
     * The layers, lowest first: each may use only the layers listed for it (and itself). Kept in
     * step with the picture in docs/ARCHITECTURE.md, "Layers".
     */
    record Layer(String name, List<String> packages, List<String> uses) {
    }

    static final List<Layer> LAYERS = List.of(
            // Utilities that know nothing of SIP, SDP or ICE.
            new Layer("base", List.of("org.sipice.internal.concurrent..", "org.sipice.internal.text..",
                    "org.sipice.internal.tls.."), List.of()),
            new Layer("sdp", List.of("org.sipice.sdp.."), List.of("base")),
            // JAIN-SIP's and ice4j's logs into log4j2; masks SDP secrets.
            new Layer("logging", List.of("org.sipice.internal.logging.."), List.of("sdp", "base")),
            // Stand-alone tools: a STUN responder, the RFC 5780 probe, RTP packets.
            new Layer("tools", List.of("org.sipice.stun..", "org.sipice.natprobe..", "org.sipice.media.."),
                    List.of("base")),
            new Layer("ice", List.of("org.sipice.ice..", "org.sipice.internal.media.."),
                    List.of("sdp", "logging", "base")),
            new Layer("diagnostics", List.of("org.sipice.diagnostics.."), List.of("ice", "sdp", "base")),
            new Layer("sip", List.of("org.sipice.sip.."), List.of("diagnostics", "ice", "sdp", "logging", "base")),
            new Layer("profile", List.of("org.sipice.profile.."), List.of("sip", "ice", "sdp", "logging", "base")),
            new Layer("b2bua", List.of("org.sipice.b2bua.."), List.of("sip", "ice", "sdp", "base")),
            new Layer("thirdparty", List.of("org.sipice.thirdparty.."), List.of("sip", "ice", "sdp", "base")),
            new Layer("testkit", List.of("org.sipice.testkit.."),
                    List.of("profile", "sip", "diagnostics", "ice", "tools", "sdp", "base")),
            new Layer("cli", List.of("org.sipice.cli.."), List.of("testkit", "thirdparty", "b2bua", "profile", "sip",
                    "diagnostics", "ice", "tools", "logging", "sdp", "base")));

    static boolean isInternal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }

    /** Internal code a public package must not use outside its entry point: a component's implementation. */
    static boolean isImplementation(String packageName) {
        return isInternal(packageName) && !SHARED_UTILITIES.contains(packageName);
    }

    static boolean isPublicPackage(String packageName) {
        return PUBLIC.contains(packageName);
    }

    /** Part of the API: a public type of a public package, nested only in such types. */
    static boolean isApi(JavaClass c) {
        if (!isPublicPackage(c.getPackageName()) || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        boolean visible = c.getModifiers().contains(JavaModifier.PUBLIC)
                || (c.isNestedClass() && c.getModifiers().contains(JavaModifier.PROTECTED));
        return visible && c.getEnclosingClass().map(SipicePackages::isApi).orElse(true);
    }

    /** The entry point {@code c} belongs to (itself or the class it is nested in), or null. */
    static String entryPointOf(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        String top = nested < 0 ? name : name.substring(0, nested);
        return ENTRY_POINTS.containsKey(top) ? top : null;
    }
}
