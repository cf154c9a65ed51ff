package org.sipice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the TURN password comes from. {@code --turn-pass} puts it in the process list, where every
 * local user can read it; {@code --turn-pass-file PATH} and the {@value #ENV} environment variable
 * do not. Precedence: a command-line option ({@code --turn-pass} or {@code --turn-pass-file}, never
 * both) over {@value #ENV}, so a script can override an exported variable for one run.
 */
final class TurnPassword {
    /** The environment variable read when no password option is given. */
    static final String ENV = "SIPICE_TURN_PASS";

    private TurnPassword() {
    }

    /**
     * The password, or null when none is given.
     *
     * @throws IllegalArgumentException if both options are given, or the file cannot be read or
     *     holds no password
     */
    static String resolve(String option, Path file, Map<String, String> env) {
        if (option != null && file != null) {
            throw new IllegalArgumentException("--turn-pass and --turn-pass-file both give the TURN password: "
                    + "give one of them");
        }
        if (option != null) {
            return option;
        }
        if (file != null) {
            return read(file);
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }

    /** The file's first line, without its line end (editors add one). */
    private static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--turn-pass-file " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--turn-pass-file " + file + ": the first line is empty");
        }
        return line;
    }
}
