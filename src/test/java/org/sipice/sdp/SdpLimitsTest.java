package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codec's limits ({@link SdpLimits}): a body at a limit parses, one above it is an
 * {@link IceSdpException} naming the limit, and nothing is read past it.
 */
class SdpLimitsTest {

    private static final String HEAD = sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
            "a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg");

    @Test
    void candidatesPerMediaSection() {
        String atLimit = HEAD + "m=audio 5000 RTP/AVP 0\r\n" + candidates(SdpLimits.MAX_CANDIDATES_PER_MEDIA);
        assertEquals(SdpLimits.MAX_CANDIDATES_PER_MEDIA, IceSdp.parse(atLimit).media().get(0).candidates().size());

        IceSdpException e = assertThrows(IceSdpException.class,
                () -> IceSdp.parse(atLimit + candidates(1)));

        assertEquals(9 + SdpLimits.MAX_CANDIDATES_PER_MEDIA, e.lineNumber());
        assertTrue(e.getMessage().startsWith("a=candidate line " + e.lineNumber() + " "), e.getMessage());
        assertTrue(e.reason().contains("more than " + SdpLimits.MAX_CANDIDATES_PER_MEDIA
                + " a=candidate lines in one media section (SdpLimits.MAX_CANDIDATES_PER_MEDIA)"), e.reason());
    }

    @Test
    void skippedCandidatesCountToo() {
        String unknown = "a=candidate:9 1 UDP 1 192.0.2.1 5000 typ foo\r\n";
        String body = HEAD + "m=audio 5000 RTP/AVP 0\r\n" + unknown.repeat(SdpLimits.MAX_CANDIDATES_PER_MEDIA + 1);

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(body));

        assertTrue(e.reason().contains("SdpLimits.MAX_CANDIDATES_PER_MEDIA"), e.reason());
    }

    @Test
    void mediaSections() {
        String section = "m=audio 5000 RTP/AVP 0\r\n";
        IceDescription atLimit = IceSdp.parse(HEAD + section.repeat(SdpLimits.MAX_MEDIA_SECTIONS));
        assertEquals(SdpLimits.MAX_MEDIA_SECTIONS, atLimit.media().size());

        IceSdpException e = assertThrows(IceSdpException.class,
                () -> IceSdp.parse(HEAD + section.repeat(SdpLimits.MAX_MEDIA_SECTIONS + 1)));

        assertEquals(8 + SdpLimits.MAX_MEDIA_SECTIONS, e.lineNumber());
        assertTrue(e.getMessage().startsWith("m= line " + e.lineNumber() + " "), e.getMessage());
        assertTrue(e.reason().contains("(SdpLimits.MAX_MEDIA_SECTIONS)"), e.reason());
    }

    @Test
    void lineLength() {
        String filler = "a=x-filler:";
        String atLimit = filler + "y".repeat(SdpLimits.MAX_LINE_LENGTH - filler.length());
        assertEquals(1, IceSdp.parse(HEAD + "m=audio 5000 RTP/AVP 0\r\n" + atLimit + "\r\n").media().size());

        IceSdpException e = assertThrows(IceSdpException.class,
                () -> IceSdp.parse(HEAD + "m=audio 5000 RTP/AVP 0\r\n" + atLimit + "y\r\n"));

        assertEquals(9, e.lineNumber());
        assertTrue(e.getMessage().startsWith("a=x-filler line 9 "), e.getMessage());
        assertTrue(e.reason().startsWith("line has " + (SdpLimits.MAX_LINE_LENGTH + 1)
                + " characters, more than " + SdpLimits.MAX_LINE_LENGTH + " (SdpLimits.MAX_LINE_LENGTH)"), e.reason());
    }

    @Test
    void bodySizeInBytes() {
        // Lines of 1,000 bytes, each within the line limit, until the body is over the body limit.
        String line = "a=x-filler:" + "y".repeat(1000 - "a=x-filler:".length() - 2) + "\r\n";
        StringBuilder body = new StringBuilder(HEAD).append("m=audio 5000 RTP/AVP 0\r\n");
        while (body.length() + line.length() <= SdpLimits.MAX_BODY_BYTES) {
            body.append(line);
        }
        IceSdp.parse(body.toString());

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(body + line));

        assertEquals(0, e.lineNumber());
        assertTrue(e.reason().startsWith("SDP body has more than " + SdpLimits.MAX_BODY_BYTES
                + " bytes (SdpLimits.MAX_BODY_BYTES)"), e.reason());
    }

    @Test
    void theBodyLimitCountsUtf8Bytes() {
        // Each é is one char and two bytes: within the limit in chars, over it in bytes.
        String padding = "a=x-name:" + "\u00e9".repeat(1000) + "\r\n";
        StringBuilder body = new StringBuilder(HEAD).append("m=audio 5000 RTP/AVP 0\r\n");
        while (body.length() < SdpLimits.MAX_BODY_BYTES * 2 / 3) {
            body.append(padding);
        }

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(body.toString()));

        assertTrue(e.reason().contains("(SdpLimits.MAX_BODY_BYTES)"), e.reason());
    }

    @Test
    void theBuildersHoldTheSameLimits() {
        List<IceCandidate> many = new ArrayList<>();
        for (int i = 0; i <= SdpLimits.MAX_CANDIDATES_PER_MEDIA; i++) {
            many.add(IceCandidate.builder().foundation("f" + i).priority(100).address("192.0.2.1").port(5000 + i)
                    .build());
        }
        IceMediaBuilder media = IceMedia.builder().mediaType("audio").port(5000).protocol("RTP/AVP")
                .formats(List.of("0")).candidates(many);

        assertThrows(IceSdpException.class, media::build);
    }

    private static String candidates(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("a=candidate:").append(i + 1).append(" 1 UDP 100 192.0.2.1 ").append(6000 + i)
                    .append(" typ host\r\n");
        }
        return b.toString();
    }
}
