package org.sipice.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Option;

/** Options every sipice command takes. */
final class CommonOptions {

    @Option(names = "--profile", defaultValue = "loopback-demo", paramLabel = "NAME|FILE",
            description = "sip-profile by name (sip-profiles/NAME.properties) or path. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--trace", description = "Print every SIP message (to stderr).")
    boolean trace;

    void applyTrace() {
        if (trace) {
            // The ServerLogger logs at the profile's sipice.trace-level; let everything through.
            Configurator.setLevel("sipice.sip.trace", Level.ALL);
        }
    }
}
