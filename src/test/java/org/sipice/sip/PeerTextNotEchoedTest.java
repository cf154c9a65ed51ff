package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import javax.sip.header.WarningHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * A hostile offer's text does not come back as it was written (issue 11, defect 6): the 488's
 * Warning and the call's end reason (what RESULT lines and reports show) name the attribute and
 * line, never echo the ICE password, escape control characters and stay short.
 */
class PeerTextNotEchoedTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String PASSWORD = "SecretPassword0123456789xyz";

    private final CallRecorder bobEvents = new CallRecorder(true);
    private BareSipPeer raw;
    private TestUserAgent bob;

    @BeforeEach
    void start() throws Exception {
        raw = BareSipPeer.start("raw");
        bob = TestUserAgent.start("bob", bobEvents, c -> c);
    }

    @AfterEach
    void stop() {
        bob.close();
        raw.close();
    }

    @Test
    void aPasswordWithoutUfragIsRejectedWithoutEchoingIt() throws Exception {
        Rejection r = reject(offer("a=ice-pwd:" + PASSWORD + "\r\n"));

        assertTrue(r.warning.startsWith("malformed SDP: a=ice-pwd line 9: ice-pwd without ice-ufrag"), r.warning);
        assertFalse(r.warning.contains(PASSWORD), r.warning);
        assertFalse(r.reason.contains(PASSWORD), r.reason);
    }

    @Test
    void controlCharactersAreEscaped() throws Exception {
        Rejection r = reject(offer("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 21\u001b[2J\u0000 127.0.0.1 9 typ host\r\n"));

        // The Warning's quoted-string writes the backslash of each escape as a quoted-pair (RFC 3261 §25.1).
        assertTrue(r.warning.contains("21\\\\x1b[2J\\\\x00"), r.warning);
        assertTrue(r.reason.contains("21\\x1b[2J\\x00"), r.reason);
        assertPrintableAscii(r.warning);
        assertFalse(r.reason.chars().anyMatch(c -> c < 0x20), r.reason);
    }

    @Test
    void aLongLineIsQuotedOnlyInPart() throws Exception {
        Rejection r = reject(offer("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP x" + "7".repeat(3000) + " 127.0.0.1 9 typ host\r\n"));

        assertTrue(r.warning.startsWith("malformed SDP: a=candidate line 11 'a=candidate:1 1 UDP x777"), r.warning);
        assertTrue(r.warning.length() < 512, r.warning.length() + " characters");
        assertTrue(r.reason.length() < 512, r.reason.length() + " characters");
    }

    private record Rejection(String warning, String reason) {
    }

    private Rejection reject(String sdp) throws Exception {
        raw.send(raw.invite("bob", bob.sip(), sdp));
        Response r = raw.await(a -> a.status() >= 200, 1, DEADLINE, "a final response").get(0).response();
        assertEquals(488, r.getStatusCode());
        String warning = ((WarningHeader) r.getHeader(WarningHeader.NAME)).getText();
        CallEvent.Ended end = (CallEvent.Ended) bobEvents.await(e -> e instanceof CallEvent.Ended, DEADLINE, "Ended");
        return new Rejection(warning, end.reason());
    }

    private static String offer(String iceLines) {
        return "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp:10\r\n" + iceLines;
    }

    private static void assertPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c >= 0x20 && c <= 0x7e, "char " + (int) c + " in " + text);
        }
    }
}
