package org.sipice.sip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.sdp.IceSdpException;
import org.sipice.sdp.TransportAddr;

/**
 * Builds our SDP offers and answers from a gathered {@link LocalIce}, and reads the peer's ICE
 * parameters from its SDP (RFC 8839 §4, §5).
 */
final class OfferAnswer {
    /** RFC 8839 §4.2.1.5: every RFC 8445 agent advertises ice2. */
    static final String ICE2 = "ice2";

    /** The audio formats we offer: PCMU (RFC 3551) and telephone-event (RFC 4733). */
    private static final List<String> OFFER_FORMATS = List.of("0", "101");

    private OfferAnswer() {
    }

    /**
     * Our offer: one audio stream, PCMU and telephone-event, with the {@code o=} session id and
     * version of {@code origin} (RFC 3264 §5, §8).
     */
    static String offer(LocalIce local, boolean rtcpMux, SdpOrigin.Stamp origin, long paceMs) {
        return IceSdp.format(describe(local, rtcpMux, origin, paceMs, OFFER_FORMATS));
    }

    /**
     * Our answer to {@code offer}: the formats we share with it (RFC 3264 §6.1), PCMU first.
     *
     * The {@code o=} line carries the session id and version of {@code origin} (RFC 3264 §8).
     *
     * @throws IllegalArgumentException if the offer has no audio stream we can take
     */
    static String answer(IceDescription offer, LocalIce local, boolean rtcpMux, SdpOrigin.Stamp origin,
            long paceMs) {
        IceMedia audio = firstAudio(offer).orElseThrow(
                () -> new IllegalArgumentException("the offer has no audio stream"));
        return IceSdp.format(describe(local, rtcpMux && audio.rtcpMux(), origin, paceMs, answerFormats(audio)));
    }

    /**
     * The formats of our answer to {@code audio} (RFC 3264 §6.1): PCMU, plus the offer's
     * telephone-event if any.
     *
     * @throws IllegalArgumentException if the offer lacks PCMU
     */
    static List<String> answerFormats(IceMedia audio) {
        List<String> formats = new ArrayList<>();
        for (String f : OFFER_FORMATS) {
            if (f.equals("0") && audio.formats().contains("0")) {
                formats.add("0");
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no common codec: we take PCMU (0), the offer has " + audio.formats());
        }
        for (String f : audio.formats()) {
            if (!f.equals("0") && audio.attributeValues("rtpmap").stream()
                    .anyMatch(v -> v.startsWith(f + " ") && v.toLowerCase().contains("telephone-event/8000"))) {
                formats.add(f);
                break;
            }
        }
        return formats;
    }

    private static IceDescription describe(LocalIce local, boolean rtcpMux, SdpOrigin.Stamp origin, long paceMs,
            List<String> formats) {
        TransportAddr rtp = local.defaults().get(1);
        String family = rtp.address().contains(":") ? "IP6" : "IP4";
        var media = IceMedia.builder()
                .mediaType("audio").port(rtp.port()).protocol("RTP/AVP").formats(formats)
                .connection(family, rtp.address());
        audioAttributes(media, formats);
        if (rtcpMux) {
            media.rtcpMux(true);
        } else {
            TransportAddr rtcp = local.defaults().get(2);
            // RFC 3605 §2.1: a=rtcp names its own family (component 2's default may be of the other).
            media.rtcp(rtcp.port(), "IN " + (rtcp.address().contains(":") ? "IP6" : "IP4") + " " + rtcp.address());
        }
        media.credentials(local.credentials()).candidates(local.candidates());
        return IceDescription.builder()
                .origin("sipice", origin.sessionId(), origin.version(), family, rtp.address())
                .sessionName("sipice")
                .iceOptions(List.of(ICE2))
                .icePacing((int) paceMs)
                .addMedia(media.build())
                .build();
    }

    /** rtpmap/fmtp for {@code formats}, ptime and sendrecv. */
    static void audioAttributes(org.sipice.sdp.IceMediaBuilder media, List<String> formats) {
        for (String f : formats) {
            if (f.equals("0")) {
                media.attribute("rtpmap", "0 PCMU/8000");
            } else {
                media.attribute("rtpmap", f + " telephone-event/8000");
                media.attribute("fmtp", f + " 0-16");
            }
        }
        media.attribute("ptime", "20").attribute("sendrecv", null);
    }

    /** Parses an SDP body; the exception names the offending line. */
    static IceDescription parse(byte[] body) throws IceSdpException {
        return IceSdp.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    static Optional<IceMedia> firstAudio(IceDescription d) {
        return d.media().stream().filter(m -> m.mediaType().equals("audio") && m.port() != 0).findFirst();
    }

    /**
     * The peer's ICE parameters for its first audio stream, or empty if it did not offer ICE
     * (no credentials or no candidates: RFC 8839 §4.2.1.1).
     */
    static Optional<RemoteIce> remoteIce(IceDescription d) {
        Optional<IceMedia> audio = firstAudio(d);
        if (audio.isEmpty()) {
            return Optional.empty();
        }
        IceMedia m = audio.get();
        Optional<IceCredentials> credentials = m.credentials();
        List<IceCandidate> candidates = m.candidates();
        if (credentials.isEmpty() || candidates.isEmpty()) {
            return Optional.empty();
        }
        OptionalInt pacing = m.icePacing();
        return Optional.of(new RemoteIce(credentials.get(), candidates, d.iceLite(), pacing, m.iceOptions()));
    }
}
