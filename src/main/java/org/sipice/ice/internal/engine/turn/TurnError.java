package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;

/**
 * Why a TURN transaction failed, after any retry the credentials allowed.
 *
 * @param code      the STUN error code (RFC 8489 §14.8), or {@link TurnException#NO_RESPONSE}
 * @param reason    what it means, as events and logs show it ({@link TurnErrors#of})
 * @param alternate with a 300 Try Alternate, the server its ALTERNATE-SERVER names (RFC 8489 §10,
 *                  §14.15); null otherwise
 */
record TurnError(int code, String reason, InetSocketAddress alternate) {

    TurnError(int code, String reason) {
        this(code, reason, null);
    }

    boolean timedOut() {
        return code == TurnException.NO_RESPONSE;
    }
}
