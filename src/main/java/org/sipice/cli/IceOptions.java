package org.sipice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sipice.ice.NominationMode;
import picocli.CommandLine.Option;

/**
 * The ICE options of every command that places or takes calls ({@code demo}, {@code call},
 * {@code answer}, {@code b2bua}). Each one stands for a key of the sip-profile and is applied
 * over it ({@link #profileKeys()}), so it is validated like the profile's own keys and beats
 * {@code --set}.
 */
final class IceOptions {

    @Option(names = "--nomination", paramLabel = "MODE",
            description = "regular or aggressive, in any case (sipice.nomination).")
    NominationMode nomination;

    @Option(names = "--ta", paramLabel = "MS",
            description = "Check pacing Ta in ms, at least 5 (sipice.ta-ms; advertised as a=ice-pacing).")
    Integer taMillis;

    @Option(names = "--turn", paramLabel = "HOST:PORT",
            description = "TURN server, over UDP; HOST:PORT?transport=tcp for TCP; turns:HOST:PORT for TLS, "
                    + "port 5349 by default (sipice.turn-servers).")
    String turn;

    @Option(names = "--turn-ca-file", paramLabel = "PATH",
            description = "PEM file of the CA certificates a turns: server's certificate is checked against "
                    + "(sipice.turn-ca-file); default: the system trust store.")
    Path turnCaFile;

    @Option(names = "--turn-user", paramLabel = "USER", description = "TURN user name.")
    String turnUser;

    @Option(names = "--turn-pass", paramLabel = "PASSWORD",
            description = "TURN password. Every local user can read it in the process list: prefer "
                    + "--turn-pass-file or the " + TurnPassword.ENV + " environment variable.")
    String turnPass;

    @Option(names = "--turn-pass-file", paramLabel = "PATH",
            description = "Read the TURN password from this file (one line; the line end is not part of it).")
    Path turnPassFile;

    @Option(names = "--turn-secret", paramLabel = "SECRET",
            description = "Instead of a password: the secret shared with the TURN server (coturn's "
                    + "use-auth-secret; sipice.turn-secret), from which time-limited credentials are computed for "
                    + "each allocation. Visible in the process list: prefer --turn-secret-file or "
                    + TurnPassword.SECRET_ENV + ".")
    String turnSecret;

    @Option(names = "--turn-secret-file", paramLabel = "PATH",
            description = "Read the TURN shared secret from this file (one line; the line end is not part of it).")
    Path turnSecretFile;

    @Option(names = "--relay-only", description = "Only relayed candidates, through --turn (sipice.relay-only).")
    boolean relayOnly;

    /**
     * The profile keys the options given stand for, the TURN password taken from
     * {@code --turn-pass}, {@code --turn-pass-file} or {@value TurnPassword#ENV}, or instead the
     * secret shared with the server from {@code --turn-secret}, {@code --turn-secret-file} or
     * {@value TurnPassword#SECRET_ENV}.
     *
     * @throws IllegalArgumentException if {@code --turn} lacks its credentials or the password is
     *     given twice or cannot be read
     */
    List<String> profileKeys() {
        return profileKeys(System.getenv());
    }

    /** As {@link #profileKeys()}, with {@code env} for the process environment. */
    List<String> profileKeys(Map<String, String> env) {
        List<String> keys = new ArrayList<>();
        String password = TurnPassword.PASSWORD.from(turnPass, turnPassFile, env);
        String secret = TurnPassword.SECRET.from(turnSecret, turnSecretFile, env);
        if (turn != null) {
            boolean passwordGiven = TurnPassword.given(turnPass, turnPassFile);
            boolean secretGiven = TurnPassword.given(turnSecret, turnSecretFile);
            if (passwordGiven && secretGiven) {
                throw new IllegalArgumentException("--turn takes a password or a shared secret (--turn-secret), "
                        + "not both");
            }
            // An option beats the environment; with neither option, both variables set is ambiguous.
            if (passwordGiven) {
                secret = null;
            } else if (secretGiven) {
                password = null;
            } else if (password != null && secret != null) {
                throw new IllegalArgumentException("both " + TurnPassword.ENV + " and " + TurnPassword.SECRET_ENV
                        + " are set: give --turn-pass-file or --turn-secret-file to choose");
            }
            if (turnUser == null || (password == null && secret == null)) {
                throw new IllegalArgumentException("--turn needs --turn-user and a password (--turn-pass, "
                        + "--turn-pass-file or " + TurnPassword.ENV + ") or a shared secret (--turn-secret, "
                        + "--turn-secret-file or " + TurnPassword.SECRET_ENV + ")");
            }
            keys.add("sipice.turn-servers=" + turn);
            keys.add("sipice.turn-username=" + turnUser);
            keys.add(password != null ? "sipice.turn-password=" + password : "sipice.turn-secret=" + secret);
        }
        if (turnCaFile != null) {
            keys.add("sipice.turn-ca-file=" + turnCaFile);
        }
        if (nomination != null) {
            keys.add("sipice.nomination=" + nomination.name());
        }
        if (taMillis != null) {
            keys.add("sipice.ta-ms=" + taMillis);
        }
        if (relayOnly) {
            keys.add("sipice.relay-only=true");
        }
        return keys;
    }
}
