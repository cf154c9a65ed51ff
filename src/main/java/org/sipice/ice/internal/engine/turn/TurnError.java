package org.sipice.ice.internal.engine.turn;

/**
 * Why a TURN transaction failed, after any retry the credentials allowed.
 *
 * @param code   the STUN error code (RFC 8489 §14.8), or {@link TurnException#NO_RESPONSE}
 * @param reason what it means, as events and logs show it ({@link TurnErrors#describe})
 */
record TurnError(int code, String reason) {

    boolean timedOut() {
        return code == TurnException.NO_RESPONSE;
    }
}
