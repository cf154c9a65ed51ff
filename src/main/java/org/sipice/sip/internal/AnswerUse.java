package org.sipice.sip.internal;

import java.util.Optional;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;

/**
 * What the offerer does with the answer to its offer (the INVITE's or a re-offer's): run ICE,
 * fall back to plain RFC 3264 media without dropping the dialog, or give up. Pure: the callers
 * ({@link UacCall}, {@link AnswerToOurOffer}) act on it, {@link IceFallback} does the fallback.
 */
enum AnswerUse {
    /** ICE credentials and candidates: checks start (RFC 8445 §6.1.2). */
    ICE,
    /**
     * No ICE attributes (an ICE-unaware peer, B2BUA or media server; RFC 8839 §4.4.3.1: fall back
     * to RFC 3264, SHOULD NOT drop the dialog) or {@code a=ice-mismatch} (RFC 8839 §4.2.5: ICE is
     * not used for the stream): media to the answer's {@code c=}/{@code m=}.
     */
    PLAIN_RTP,
    /**
     * Neither: no usable audio address, or a fallback we may not make (ICE required, RFC 8839
     * §9.2.1; a relay-only policy, {@link RelayOnlyRefusal}). The call (or the exchange) ends.
     */
    UNUSABLE;

    static AnswerUse of(IceDescription answer, boolean iceRequired, boolean relayOnly) {
        Optional<IceMedia> audio = OfferAnswer.firstAudio(answer);
        boolean mismatch = audio.isPresent() && audio.get().iceMismatch();
        if (!mismatch && OfferAnswer.remoteIce(answer).isPresent()) {
            return ICE;
        }
        if (iceRequired || relayOnly || audio.isEmpty() || audio.get().defaultCandidate(1).isEmpty()
                || audio.get().defaultCandidate(1).get().isPlaceholder()) {
            return UNUSABLE;
        }
        return PLAIN_RTP;
    }
}
