package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javax.sip.header.RequireHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * Bad offers get a SIP error with a Warning header that says why, never a crash or a hang.
 * The caller here is a bare JAIN-SIP client (no sipice), so the offers can be anything.
 */
class UasRejectsBadOffersTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder bobEvents = new CallRecorder(true);
    private BareSipPeer raw;
    private TestUserAgent bobUa;
    private SipEndpoint bobSip;
    private IceUserAgent bob;

    @BeforeEach
    void start() throws Exception {
        raw = BareSipPeer.start("raw");
        bobUa = TestUserAgent.start("bob", bobEvents,
                c -> c.toBuilder().ringingGateTimeout(Duration.ofSeconds(4)).iceRequired(true).build());
        bobSip = bobUa.sip();
        bob = bobUa.ua();
    }

    @AfterEach
    void stop() {
        bobUa.close();
        raw.close();
    }

    @Test
    void aBrokenCandidateLineIsRejectedWith488NamingTheLine() throws Exception {
        Response r = invite(offer("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1\r\n"));
        assertEquals(488, r.getStatusCode());
        String warning = ((WarningHeader) r.getHeader(WarningHeader.NAME)).getText();
        assertTrue(warning.contains("a=candidate:1 1 UDP 2130706431 127.0.0.1"), warning);
        assertEquals(399, ((WarningHeader) r.getHeader(WarningHeader.NAME)).getCode());
    }

    @Test
    void whenIceIsRequiredAnOfferWithoutIceIsRejectedWith421RequireIce() throws Exception {
        Response r = invite(offer(""));
        assertEquals(421, r.getStatusCode());
        assertEquals("ice", ((RequireHeader) r.getHeader(RequireHeader.NAME)).getOptionTag());
        assertNotNull(r.getHeader(WarningHeader.NAME));
    }

    @Test
    void unreachableCandidatesFailTheCallWith480AfterTheGateInsteadOfRinging() throws Exception {
        // A candidate nobody listens on: every check fails, Bob never rings.
        Response r = invite(offer("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 9 typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 10 typ host\r\n"));
        assertEquals(480, r.getStatusCode());
        String warning = ((WarningHeader) r.getHeader(WarningHeader.NAME)).getText();
        assertTrue(warning.startsWith("ICE"), warning);
        CallEvent.Ended end = (CallEvent.Ended) bobEvents.await(e -> e instanceof CallEvent.Ended, DEADLINE, "Ended");
        assertTrue(end.failure() && end.reason().startsWith("480"), end.toString());
        List<String> ladder = bobEvents.ladder();
        assertTrue(ladder.stream().noneMatch(l -> l.contains("180")), ladder.toString());
        assertTrue(bob.calls().isEmpty());
    }

    private static String offer(String iceLines) {
        return "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp:10\r\n" + iceLines;
    }

    private Response invite(String sdp) throws Exception {
        raw.send(raw.invite("bob", bobSip, sdp));
        return raw.await(a -> a.status() >= 200, 1, DEADLINE, "a final response").get(0).response();
    }

}
