package org.sipice.testing;

import java.io.IOException;
import java.time.Duration;

/**
 * A peer that stops dead for a while and comes back: SIGSTOP, then SIGCONT after the given time.
 * Meanwhile the process sends and reads nothing, as a phone whose network vanished. The pause
 * is the stimulus under test (its length is what the media gap must show), not a wait for an
 * event.
 */
public final class Freeze {
    private Freeze() {
    }

    /** Freezes process {@code pid} for {@code length}; it always runs again afterwards. */
    public static void process(long pid, Duration length) throws IOException, InterruptedException {
        signal("STOP", pid);
        try {
            Thread.sleep(length.toMillis());
        } finally {
            signal("CONT", pid);
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        if (status != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + status);
        }
    }
}
