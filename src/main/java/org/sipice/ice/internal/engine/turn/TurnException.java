package org.sipice.ice.internal.engine.turn;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A TURN allocation that was not granted: the server's error (401 to our credentials, 437, 486,
 * ...) or its silence. {@link #getMessage()} names the server; {@link #reason()} is the text an
 * {@code IceEvent.ServerFailed} carries (e.g. "401 Unauthorized: wrong TURN credentials for user
 * 'alice' (Allocate)").
 */
public final class TurnException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@link #code()} when the server never answered. */
    public static final int NO_RESPONSE = 0;

    private final String server;
    private final int code;
    private final String reason;
    private final InetSocketAddress alternate;

    TurnException(String server, int code, String reason) {
        this(server, code, reason, null);
    }

    TurnException(String server, int code, String reason, InetSocketAddress alternate) {
        super("TURN server " + server + ": " + reason);
        this.server = server;
        this.code = code;
        this.reason = reason;
        this.alternate = alternate;
    }

    /**
     * With a 300 Try Alternate (RFC 8489 §10), the server the ALTERNATE-SERVER attribute names;
     * null otherwise ({@link TurnRedirect} decides whether it is followed).
     */
    public InetSocketAddress alternate() {
        return alternate;
    }

    /** The server, as {@code TurnServer.toString()} writes it (never the password). */
    public String server() {
        return server;
    }

    /** The STUN error code (RFC 8489 §14.8), or {@link #NO_RESPONSE}. */
    public int code() {
        return code;
    }

    /** Why, without the server's name. */
    public String reason() {
        return reason;
    }
}
