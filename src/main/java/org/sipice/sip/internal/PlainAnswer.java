package org.sipice.sip.internal;

import java.util.List;
import java.util.Optional;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.sdp.TransportAddr;

/**
 * Our answer to an offer without ICE (RFC 5768 §4.2; RFC 8839 §4.2.1.1: a peer that signals no
 * ICE gets plain RFC 3264): the shared formats, our {@link PlainRtpTransport} address in
 * {@code c=}/{@code m=}, no ICE attribute at all.
 */
final class PlainAnswer {
    private PlainAnswer() {
    }

    /**
     * The plain answer, with the {@code o=} session id and version of {@code origin} (RFC 3264 §8).
     *
     * @throws IllegalArgumentException if the offer has no audio stream we can take
     */
    static String answer(IceDescription offer, TransportAddr rtp, Optional<TransportAddr> rtcp,
            SdpOrigin.Stamp origin) {
        IceMedia audio = OfferAnswer.firstAudio(offer).orElseThrow(
                () -> new IllegalArgumentException("the offer has no audio stream"));
        List<String> formats = OfferAnswer.answerFormats(audio);
        String family = rtp.address().contains(":") ? "IP6" : "IP4";
        var media = IceMedia.builder()
                .mediaType("audio").port(rtp.port()).protocol("RTP/AVP").formats(formats)
                .connection(family, rtp.address());
        OfferAnswer.audioAttributes(media, formats);
        // RFC 8839 §4.2.5, §5.3: an ICE offer whose default is not among its candidates gets
        // a=ice-mismatch and no other ICE attribute.
        media.iceMismatch(IceMismatch.check(offer).isPresent());
        if (rtcp.isEmpty()) {
            media.rtcpMux(true); // RFC 5761 §5.1.1: answered only when offered
        } else if (rtcp.get().port() != rtp.port() + 1) {
            media.rtcp(rtcp.get().port(), "IN " + family + " " + rtcp.get().address());
        }
        return IceSdp.format(IceDescription.builder()
                .origin("sipice", origin.sessionId(), origin.version(), family, rtp.address())
                .sessionName("sipice")
                .addMedia(media.build())
                .build());
    }
}
