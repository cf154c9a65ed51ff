package org.sipice.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long operation (starting the ICE engine, waiting for an answer, waiting for calls), one line
 * on stderr each, {@code sipice: [  1.2 s] waiting for an answer (30 s at most)}. stdout keeps the
 * ladder and the RESULT line for scripts; a person watching sees what the command is doing.
 */
final class Progress {
    private final PrintStream err;
    private final long start = System.nanoTime();

    Progress(PrintStream err) {
        this.err = err;
    }

    /** Progress on {@link System#err}. */
    static Progress onStderr() {
        return new Progress(System.err);
    }

    void say(String what) {
        synchronized (err) {
            err.println(String.format(Locale.ROOT, "sipice: [%5.1f s] %s", (System.nanoTime() - start) / 1e9, what));
            err.flush();
        }
    }
}
