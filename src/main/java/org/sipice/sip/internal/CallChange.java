package org.sipice.sip.internal;

import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;

/**
 * A change to a call's ICE and media state, decided by the piece of the call that knows why
 * (offer/answer, {@link IceFallback}, {@link ForkedDialogs}, {@link MidCallOffer}, ...) and applied
 * by {@link CallBase#apply}, the one writer of {@code ice}, {@code plainMedia}, {@code localIce},
 * {@code remoteIce} and of the move to {@code CHECKING}. Runs on the call's executor.
 */
sealed interface CallChange {

    /**
     * {@code session} is the call's ICE session from now on (null: none); the one before it, if
     * any, is closed.
     */
    record NewSession(IceSession session) implements CallChange {
    }

    /** We sent {@code local} in an offer or answer: our current description (RFC 8839 §4.4). */
    record Described(LocalIce local) implements CallChange {
    }

    /**
     * The peer's description (its offer or answer) is {@code remote}: it becomes the current one
     * and the call's session starts checks against it (RFC 8445 §6.1.2); a call not established
     * yet is {@code CHECKING}.
     */
    record ChecksStarted(RemoteIce remote) implements CallChange {
    }

    /**
     * ICE is not used: the session is closed, media runs on {@code plain} (RFC 3264) and any
     * earlier plain sockets are closed (RFC 8839 §4.4.3.1, §4.2.5; a peer without ICE).
     */
    record PlainMedia(PlainRtpTransport plain) implements CallChange {
    }

    /** ICE completed on a fresh session after a fallback: the plain sockets go (RFC 8839 §4.4.3.1). */
    record PlainMediaClosed() implements CallChange {
    }
}
