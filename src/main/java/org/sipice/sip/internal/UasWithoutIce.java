package org.sipice.sip.internal;

import javax.sip.message.Response;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * The callee's side of a call from a peer without ICE (RFC 5768 §4.2, RFC 3264): there are no
 * checks to wait for. Answer from a plain RTP socket pair, send media to the offer's
 * {@code c=}/{@code m=}, ring at once. A relay-only callee refuses instead ({@link RelayOnlyRefusal}).
 */
final class UasWithoutIce {
    private UasWithoutIce() {
    }

    /**
     * @param mismatch null for a peer without ICE; else why we answer {@code a=ice-mismatch}
     *     (RFC 8839 §4.2.5)
     */
    static void accept(UasCall call, IceDescription offer, String mismatch) {
        if (RelayOnlyRefusal.applies(call)) {
            // Our answer's c=/m= and our RTP would carry our host address (RFC 3261 §21.4.26).
            call.fail(Response.NOT_ACCEPTABLE_HERE, RelayOnlyRefusal.REASON);
            return;
        }
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        try {
            if (audio == null) {
                throw new IllegalArgumentException("the offer has no audio stream");
            }
            boolean mux = audio.rtcpMux() && call.context.config.ice().rtcpMux();
            call.plainMedia = PlainRtpTransport.bind(java.net.InetAddress.getByName(call.context.host()), mux);
            call.answerSdp = PlainAnswer.answer(offer, call.plainMedia.rtp(), call.plainMedia.rtcp(),
                    call.origin.next());
            call.plainMedia.sendTo(audio.defaultCandidate(1).orElseThrow(), mux ? null
                    : audio.defaultCandidate(2).orElse(audio.defaultCandidate(1).orElseThrow()));
        } catch (IllegalArgumentException | java.io.IOException | java.util.NoSuchElementException e) {
            call.fail(Response.NOT_ACCEPTABLE_HERE,
                    e.getMessage() == null ? "no usable media address" : e.getMessage());
            return;
        }
        call.emit(mismatch != null
                ? new CallEvent.IceNotUsed(mismatch, audio.defaultCandidate(1).orElseThrow().toString(),
                        call.plainMedia.rtp().toString())
                : new CallEvent.Warning("the peer does not do ICE: plain RFC 3264 media to its c=/m= address"));
        call.listener.incomingCall(call);
        if (call.state == CallState.ENDED) {
            return;
        }
        call.iceReady.complete(null); // media is usable now: nothing to check
        call.openGate(false);
    }
}
