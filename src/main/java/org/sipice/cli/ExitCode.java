package org.sipice.cli;

/**
 * The exit statuses of every sipice command (documented in the README and docs/CLI.md); each
 * command also ends with a RESULT line that says the same in words.
 */
final class ExitCode {
    /** Every call ended with {@code RESULT status=ok}. */
    static final int OK = 0;
    /** At least one call failed: rejected, ICE failed, no media, ... (its RESULT line says why). */
    static final int CALL_FAILED = 1;
    /** Bad command line, sip-profile or input file (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** {@code answer}: the calls asked for did not all end before {@code --wait} expired. */
    static final int NO_CALL = 3;

    private ExitCode() {
    }
}
