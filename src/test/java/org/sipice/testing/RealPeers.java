package org.sipice.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need a real peer program (coturn, baresip, SIPp). Locally a missing program
 * skips the test with the command that installs it; under {@code CI=true} it fails the test, so
 * CI never goes green by skipping.
 */
public final class RealPeers {
    private RealPeers() {
    }

    /** Returns if {@code binary} is on the PATH; otherwise skips (or, with CI=true, fails). */
    public static void require(String binary, String debianPackage) {
        if (find(binary) != null) {
            return;
        }
        String message = "'" + binary + "' not found on the PATH: install the Debian package '" + debianPackage
                + "' (apt-get install " + debianPackage + ", or ./run-tests as root)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and a real peer is missing: " + message);
        }
        Assumptions.abort(message);
    }

    /**
     * Returns if this process runs as root (network namespaces need it); otherwise skips (or,
     * with CI=true, fails) naming {@code what} needs it.
     */
    public static void requireRoot(String what) {
        if (isRoot()) {
            return;
        }
        String message = what + " needs root (it builds a private network namespace with ip netns); run the "
                + "tests as root, e.g. ./run-tests under sudo";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort(message);
    }

    /**
     * A real peer's environment is missing for a reason the other checks cannot see (e.g. no
     * network namespaces in an unprivileged container): skips with {@code message}, or fails
     * with CI=true.
     */
    public static void unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort(message);
    }

    /** True when the effective user is root (uid 0). */
    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The executable {@code binary} on the PATH (or /usr/sbin, /sbin), or null. */
    public static Path find(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin:/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
