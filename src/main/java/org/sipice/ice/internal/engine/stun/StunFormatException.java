package org.sipice.ice.internal.engine.stun;

/** A datagram that looked like STUN but whose attributes could not be decoded (RFC 8489 §14). */
public final class StunFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
