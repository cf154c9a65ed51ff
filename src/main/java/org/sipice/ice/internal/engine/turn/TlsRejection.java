package org.sipice.ice.internal.engine.turn;

import org.sipice.ice.TlsFailure;

/**
 * Why a TLS connection to a TURN server was given up: the check that failed and the JDK's words.
 *
 * @param failure which verification step failed, or {@link TlsFailure#HANDSHAKE}
 * @param detail  the JDK's message, for events and logs
 */
record TlsRejection(TlsFailure failure, String detail) {

    /** The reason the failed Allocate and the {@code ServerFailed} event carry. */
    String reason() {
        return failure == TlsFailure.HANDSHAKE ? "TLS handshake failed: " + detail
                : "TLS server verification failed (" + failure.name().toLowerCase().replace('_', ' ') + "): " + detail;
    }
}
