package org.sipice.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes, after each test, what the test opened, last opened first (a user agent before its
 * peer's socket...), so a test class needs no {@code @AfterEach} of null checks:
 *
 * <pre>
 * &#64;RegisterExtension
 * final Closer closer = new Closer();
 * ...
 * uas = closer.add(ScriptedUas.start("peer", reply));
 * </pre>
 *
 * Every resource is closed even if one fails to; the first failure then fails the test.
 */
public final class Closer implements AfterEachCallback {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Closes {@code resource} after the test; returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        open.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeAll();
    }

    /** Closes everything added so far, last first. */
    public void closeAll() throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = open.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
