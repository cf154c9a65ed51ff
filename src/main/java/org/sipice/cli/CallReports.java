package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code --report DIR} of {@code sipice call} and {@code sipice answer}: each ended call's
 * report (for {@code answer}, of each call that counts toward {@code --calls}: junk leaves nothing
 * on disk) saved as {@code call-N.json} and {@code call-N.html} (as {@code sipice demo --report}
 * and {@code sipice report} write them), then a {@code report:} line on stdout. A report that
 * cannot be written is said on stdout; the call's RESULT does not change.
 */
final class CallReports {
    /** No {@code --report}: nothing is saved. */
    static final CallReports NONE = new CallReports(null, null);

    private final Path dir;
    private final PrintStream out;

    private CallReports(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    static CallReports in(Path dir, PrintStream out) {
        return dir == null ? NONE : new CallReports(dir, out);
    }

    /** Saves {@code phone}'s report (its call has ended). */
    void save(PhoneCall phone) {
        if (dir == null) {
            return;
        }
        String line;
        try {
            Path json = ReportCommand.save(phone.call().report(), dir, "call-" + phone.index());
            line = "report: " + json + " (and .html)";
        } catch (IOException | RuntimeException e) {
            line = "report: cannot write to " + dir + ": " + e.getMessage();
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
