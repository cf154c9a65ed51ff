package org.sipice.sip.internal;


/**
 * Relay-only calls ({@code sipice.relay-only}) refuse media without ICE. Plain RFC 3264 media
 * toward a peer without ICE, or after {@code a=ice-mismatch} (RFC 8839 §4.2.5, §4.4.3.1), runs on
 * a {@link PlainRtpTransport} socket on our host address: its address would go into our
 * {@code c=}/{@code m=} and every RTP packet would carry it, the very address relay-only keeps
 * from the peer (the privacy mode of RFC 8828 §5.2, mode 4, where WebRTC's
 * {@code iceTransportPolicy: "relay"} cannot reach a peer without ICE either).
 *
 * <p>Relaying such media through the TURN server instead would need an allocation that outlives
 * the ICE session (which owns and deletes it), a permission for the peer's {@code c=} address and
 * its RTCP address kept fresh for the whole call, and Send/Data indications or channel data in
 * the plain transport: a TURN client of its own. Until then the call is refused, and says why:
 * 488 with a Warning for an offer; ACK then BYE with a Reason and a Warning for an answer.
 */
final class RelayOnlyRefusal {
    /** Why, in the Warning header (RFC 3261 §20.43), the call's end and the application's logs. */
    static final String REASON = "relay-only policy: the peer does not use ICE (or answered a=ice-mismatch), "
            + "and media without ICE would reveal our host address; refused";

    private RelayOnlyRefusal() {
    }

    /** True when this call must not fall back to plain RFC 3264 media. */
    static boolean applies(CallBase call) {
        return call.context.config.ice().relayOnly();
    }

    /**
     * Ends an established call whose peer answered our offer without ICE: BYE with a Reason
     * (RFC 3326) and a Warning; the call ends, as a failure, when the BYE is answered.
     */
    static void endCall(CallBase call) {
        if (call instanceof UacCall) {
            ((UacCall) call).abort(REASON);
            return;
        }
        call.emit(new org.sipice.sip.CallEvent.Warning(REASON));
        call.byeForFailure(REASON);
    }
}
