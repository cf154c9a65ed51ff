package org.sipice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the TURN password, or the secret shared with the TURN server, comes from.
 * {@code --turn-pass} puts it in the process list, where every local user can read it;
 * {@code --turn-pass-file PATH} and the {@value #ENV} environment variable do not. Precedence: a
 * command-line option ({@code --turn-pass} or {@code --turn-pass-file}, never both) over
 * {@value #ENV}, so a script can override an exported variable for one run. The secret
 * ({@link #SECRET}: {@code --turn-secret}, {@code --turn-secret-file}, {@value #SECRET_ENV})
 * follows the same rules.
 */
final class TurnPassword {
    /** The environment variable read when no password option is given. */
    static final String ENV = "SIPICE_TURN_PASS";
    /** The environment variable read when no secret option is given. */
    static final String SECRET_ENV = "SIPICE_TURN_SECRET";

    /** The password: {@code --turn-pass}, {@code --turn-pass-file}, {@value #ENV}. */
    static final TurnPassword PASSWORD = new TurnPassword("--turn-pass", "--turn-pass-file", ENV, "TURN password");
    /**
     * The shared secret (coturn's use-auth-secret): {@code --turn-secret}, {@code --turn-secret-file},
     * {@value #SECRET_ENV}.
     */
    static final TurnPassword SECRET = new TurnPassword("--turn-secret", "--turn-secret-file", SECRET_ENV,
            "secret shared with the TURN server");

    private final String option;
    private final String fileOption;
    private final String env;
    private final String what;

    private TurnPassword(String option, String fileOption, String env, String what) {
        this.option = option;
        this.fileOption = fileOption;
        this.env = env;
        this.what = what;
    }

    /** The password ({@link #PASSWORD}), or null when none is given; see {@link #from}. */
    static String resolve(String option, Path file, Map<String, String> env) {
        return PASSWORD.from(option, file, env);
    }

    /** True when one of the two options was given (it beats the environment). */
    static boolean given(String option, Path file) {
        return option != null || file != null;
    }

    /**
     * The value, or null when none is given.
     *
     * @throws IllegalArgumentException if both options are given, or the file cannot be read or
     *     holds nothing
     */
    String from(String value, Path file, Map<String, String> environment) {
        if (value != null && file != null) {
            throw new IllegalArgumentException(option + " and " + fileOption + " both give the " + what
                    + ": give one of them");
        }
        if (value != null) {
            return value;
        }
        if (file != null) {
            return read(file);
        }
        String fromEnv = environment.get(env);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }

    /** The file's first line, without its line end (editors add one). */
    private String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(fileOption + " " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException(fileOption + " " + file + ": the first line is empty");
        }
        return line;
    }
}
