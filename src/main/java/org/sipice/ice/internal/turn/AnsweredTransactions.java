package org.sipice.ice.internal.turn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ice4j.stack.TransactionID;

/**
 * The last STUN transactions that got a response, so that ice4j's false timeouts can be ignored.
 *
 * <p>ice4j race (StunClientTransaction.sendRequest at 3.2-15-g6da2b08): the request is sent,
 * then the retransmission timer is scheduled. A response that arrives in between (on loopback or
 * a LAN it often does) cancels a timer that is not running yet; the timer then starts, skips every
 * retransmission of the now cancelled transaction, and still reports a timeout ~4 s later. A
 * TURN client that believed it would report working allocations, permissions and refreshes as
 * failed.
 */
final class AnsweredTransactions {
    /** Far more than the requests one allocation has in flight during one timeout period. */
    private static final int REMEMBERED = 64;

    private final Map<TransactionID, Boolean> answered = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TransactionID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized void answered(TransactionID id) {
        answered.put(id, Boolean.TRUE);
    }

    /** Whether a timeout for {@code id} is false: the transaction got its response. */
    synchronized boolean wasAnswered(TransactionID id) {
        return id != null && answered.containsKey(id);
    }
}
