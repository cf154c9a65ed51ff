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
