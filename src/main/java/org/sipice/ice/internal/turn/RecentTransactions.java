package org.sipice.ice.internal.turn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ice4j.stack.TransactionID;

/**
 * A bounded set of the last STUN transaction ids an allocation noted: the ones that got a response
 * (to tell ice4j's false timeouts apart) and the ones that retried after a 438 (to retry only
 * once). Old entries fall out; every question asked of it concerns the last few seconds.
 */
final class RecentTransactions {
    /** Far more than the requests one allocation has in flight during one timeout period. */
    private static final int REMEMBERED = 64;

    private final Map<TransactionID, Boolean> ids = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TransactionID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized void add(TransactionID id) {
        if (id != null) {
            ids.put(id, Boolean.TRUE);
        }
    }

    synchronized boolean contains(TransactionID id) {
        return id != null && ids.containsKey(id);
    }
}
