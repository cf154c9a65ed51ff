package org.sipice.cli;

/** The exit statuses of {@code sipice call} and {@code sipice answer} (documented in the README). */
final class ExitCode {
    /** Every call ended with {@code RESULT status=ok}. */
    static final int OK = 0;
    /** At least one call failed: rejected, ICE failed, no media, ... (its RESULT line says why). */
    static final int CALL_FAILED = 1;
    /** Bad command line or sip-profile (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** {@code answer}: the calls asked for did not all end before {@code --wait} expired. */
    static final int NO_CALL = 3;

    private ExitCode() {
    }
}
