package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.stun.StunTransactions;

/**
 * The last step of closing a session that had TURN allocations: its Refresh(LIFETIME 0)
 * requests (RFC 8656 §8) need their host ports open until answered, a 438 Stale Nonce retry
 * included (RFC 8489 §9.2.5), or the allocations would stay on the server until they expire.
 * Once the session has no transaction left, or after {@link #MAX} (a silent server keeps the
 * allocation until its lifetime ends), {@code then} runs. Checked on the session's timers, every
 * {@link #POLL}; nothing else of the session runs meanwhile.
 */
final class TurnDeletionWait {
    /** Two round trips and two retransmissions on a LAN: what the old engine's close waited. */
    static final Duration MAX = Duration.ofMillis(500);
    static final Duration POLL = Duration.ofMillis(10);

    private TurnDeletionWait() {
    }

    static void then(Scheduler scheduler, StunTransactions transactions, Runnable then) {
        long deadline = scheduler.nanoTime() + MAX.toNanos();
        check(scheduler, transactions, deadline, then);
    }

    private static void check(Scheduler scheduler, StunTransactions transactions, long deadline, Runnable then) {
        if (transactions.size() == 0 || scheduler.nanoTime() - deadline >= 0) {
            then.run();
            return;
        }
        scheduler.schedule(POLL, () -> check(scheduler, transactions, deadline, then));
    }
}
