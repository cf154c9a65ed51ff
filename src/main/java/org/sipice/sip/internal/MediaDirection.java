package org.sipice.sip.internal;

import java.util.List;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;

/**
 * The media direction attribute of an offer and its mirror in the answer (RFC 3264 §6.1:
 * sendonly is answered recvonly, recvonly sendonly, inactive inactive). Hold and resume change
 * only this, never the ICE credentials, so they never restart ICE.
 */
final class MediaDirection {
    static final String SENDRECV = "sendrecv";
    private static final List<String> ALL = List.of("sendrecv", "sendonly", "recvonly", "inactive");

    private MediaDirection() {
    }

    /** The direction of the offer's first audio stream (media level, else session level; default sendrecv). */
    static String of(IceDescription offer) {
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        if (audio != null) {
            for (String d : ALL) {
                if (audio.hasAttribute(d)) {
                    return d;
                }
            }
        }
        for (String d : ALL) {
            if (offer.sessionAttributes().stream().anyMatch(a -> a.name().equals(d))) {
                return d;
            }
        }
        return SENDRECV;
    }

    /** The direction an answer takes to an offer of {@code offered}. */
    static String mirror(String offered) {
        switch (offered) {
            case "sendonly":
                return "recvonly";
            case "recvonly":
                return "sendonly";
            default:
                return offered;
        }
    }

    /** {@code sdp} (written by {@link OfferAnswer}, always a=sendrecv) with {@code direction} instead. */
    static String withDirection(String sdp, String direction) {
        return SENDRECV.equals(direction) ? sdp : sdp.replace("a=" + SENDRECV + "\r\n", "a=" + direction + "\r\n");
    }
}
