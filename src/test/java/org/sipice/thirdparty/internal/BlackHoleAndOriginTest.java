package org.sipice.thirdparty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;

/** The controller's own SDP: the black hole of Flows III/IV, and the o= line it rewrites. */
class BlackHoleAndOriginTest {
    private static final String OFFER = String.join("\r\n",
            "v=0",
            "o=alice 4242 7 IN IP4 127.0.0.1",
            "s=-",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 40000 RTP/AVP 8 0",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtcp-mux",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:0123456789012345678901",
            "a=candidate:1 1 UDP 2130706431 127.0.0.1 40000 typ host",
            "");

    @Test
    void theBlackHoleAnswerIsAValidIceAnswerThatWantsNoMedia() {
        IceDescription answer = IceSdp.parse(BlackHole.answer(OFFER, "127.0.0.1"));
        IceMedia audio = answer.media().get(0);
        assertEquals(9, audio.port(), "the discard port (RFC 863)");
        assertTrue(audio.rtcpMux(), "mirrors the offer's rtcp-mux");
        assertEquals(List.of("8"), audio.formats(), "the offer's first format");
        assertTrue(audio.credentials().orElseThrow().ufrag().length() >= 4);
        assertTrue(audio.credentials().orElseThrow().pwd().length() >= 22);
        assertEquals(1, audio.candidates().size());
        assertTrue(BlackHole.answer(OFFER, "127.0.0.1").contains("a=inactive\r\n"));
        assertNotEquals(BlackHole.answer(OFFER, "127.0.0.1"), BlackHole.answer(OFFER, "127.0.0.1"),
                "fresh credentials each time");
    }

    @Test
    void theBlackHoleOfferHasRtpAndRtcpCandidates() {
        IceMedia audio = IceSdp.parse(BlackHole.offer("127.0.0.1")).media().get(0);
        assertEquals(2, audio.candidates().size());
        assertEquals(1, audio.candidates(2).size());
        assertTrue(!audio.rtcpMux());
    }

    @Test
    void onlyTheOriginLineChangesAndItsVersionGrows() {
        PartyOrigin origin = new PartyOrigin("controller");
        String first = origin.rewrite(OFFER);
        String second = origin.rewrite(OFFER);
        String[] in = OFFER.split("\r\n");
        String[] out1 = first.split("\r\n");
        assertEquals(in.length, out1.length);
        for (int i = 0; i < in.length; i++) {
            if (!in[i].startsWith("o=")) {
                assertEquals(in[i], out1[i], "unchanged: " + in[i]);
            }
        }
        String[] o1 = out1[1].split(" ");
        String[] o2 = second.split("\r\n")[1].split(" ");
        assertEquals("o=controller", o1[0]);
        assertEquals(o1[1], o2[1], "one session id per party");
        assertEquals(Long.parseLong(o1[2]) + 1, Long.parseLong(o2[2]), "the version grows (RFC 3264 §8)");
        assertEquals("IN IP4 127.0.0.1", o1[3] + " " + o1[4] + " " + o1[5]);
        assertTrue(first.endsWith("\r\n") && !first.endsWith("\r\n\r\n"), "one final CRLF");
    }
}
