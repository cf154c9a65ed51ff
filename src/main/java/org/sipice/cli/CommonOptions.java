package org.sipice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import picocli.CommandLine.Option;

/** Options every sipice command takes: the sip-profile, key overrides, the SIP trace and its secrets. */
final class CommonOptions {

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "sip-profile by name (sip-profiles/NAME.properties) or path. Default: loopback-demo for "
                    + "demo, softphone for call and answer.")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one key of the profile, e.g. --set sipice.ringing-gate-policy=RING_ANYWAY "
                    + "(repeatable; validated like the profile's own keys).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--trace", description = "Print every SIP message (to stderr).")
    boolean trace;

    @Option(names = "--show-secrets", description = "With --trace: print ICE passwords (a=ice-pwd) and SRTP keys "
            + "as they are instead of masking them (same as --set sipice.trace-secrets=true).")
    boolean showSecrets;

    void applyTrace() {
        if (trace) {
            // The ServerLogger logs at the profile's sipice.trace-level; let everything through.
            Configurator.setLevel("sipice.sip.trace", Level.ALL);
        }
    }

    /**
     * The profile named by {@code --profile} (or {@code defaultProfile}) with the {@code --set}
     * keys over it: a profile that extends the chosen one, so every key is checked as usual.
     *
     * @throws ProfileException if the profile or an override is invalid
     */
    SipProfile loadProfile(String defaultProfile) {
        String base = profile == null ? defaultProfile : profile;
        List<String> all = new ArrayList<>(overrides);
        if (showSecrets) {
            all.add("sipice.trace-secrets=true");
        }
        if (all.isEmpty()) {
            return SipProfile.load(base);
        }
        Properties props = new Properties();
        props.setProperty("extends", base);
        for (String override : all) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ProfileException("--set " + override + ": expected KEY=VALUE");
            }
            props.setProperty(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return SipProfile.parse("--set", props);
    }
}
