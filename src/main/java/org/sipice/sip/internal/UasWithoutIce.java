package org.sipice.sip.internal;

import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sip.CallEvent;

/**
 * The callee's answer to a peer without ICE (RFC 5768 §4.2, RFC 3264): there are no checks to
 * wait for. Answer from a plain RTP socket pair, send media to the offer's {@code c=}/{@code m=};
 * {@link UasCall} applies it and rings at once. A relay-only callee refuses instead ({@link
 * RelayOnlyRefusal}).
 */
final class UasWithoutIce {

    /**
     * The plain answer.
     *
     * @param media the sockets it describes, already sending to the offer's address
     * @param sdp   the answer, for every response that carries it (the 200 at least)
     * @param event what the call reports: {@link CallEvent.IceNotUsed} for a mismatch, else a warning
     */
    record Answer(PlainRtpTransport media, String sdp, CallEvent event) {
    }

    private UasWithoutIce() {
    }

    /**
     * @param mismatch null for a peer without ICE; else why we answer {@code a=ice-mismatch}
     *     (RFC 8839 §4.2.5)
     * @throws IllegalArgumentException why the offer cannot be answered (a 488, RFC 3261 §21.4.26)
     */
    static Answer answer(CallBase call, IceDescription offer, String mismatch) {
        if (RelayOnlyRefusal.applies(call)) {
            // Our answer's c=/m= and our RTP would carry our host address.
            throw new IllegalArgumentException(RelayOnlyRefusal.REASON);
        }
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        PlainRtpTransport media = null;
        try {
            if (audio == null) {
                throw new IllegalArgumentException("the offer has no audio stream");
            }
            boolean mux = audio.rtcpMux() && call.context.config.ice().rtcpMux();
            media = PlainRtpTransport.bind(java.net.InetAddress.getByName(call.context.host()), mux);
            String sdp = PlainAnswer.answer(offer, media.rtp(), media.rtcp(), call.origin.next());
            media.sendTo(audio.defaultCandidate(1).orElseThrow(), mux ? null
                    : audio.defaultCandidate(2).orElse(audio.defaultCandidate(1).orElseThrow()));
            CallEvent event = mismatch != null
                    ? new CallEvent.IceNotUsed(mismatch, audio.defaultCandidate(1).orElseThrow().toString(),
                            media.rtp().toString())
                    : new CallEvent.Warning("the peer does not do ICE: plain RFC 3264 media to its c=/m= address");
            return new Answer(media, sdp, event);
        } catch (IllegalArgumentException | java.io.IOException | java.util.NoSuchElementException e) {
            if (media != null) {
                media.close();
            }
            throw new IllegalArgumentException(e.getMessage() == null ? "no usable media address" : e.getMessage(), e);
        }
    }
}
