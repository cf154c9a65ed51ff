package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import org.junit.jupiter.api.Test;

/**
 * What a hostile peer writes in its SDP comes back in our errors only as a short, escaped quote:
 * the error names the attribute and line, never echoes an ice-pwd, and stays small whatever the
 * size of the line (issue 11, defect 6). These messages end up in Warning headers, RESULT lines
 * and call reports.
 */
class PeerTextInErrorsTest {

    private static final String PASSWORD = "SecretPassword0123456789xyz";
    /** Generous: a line number, an attribute name, an 80-character quote and a reason. */
    private static final int MESSAGE_BOUND = 600;

    private static String withMediaLines(String... lines) {
        return sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
                "m=audio 5000 RTP/AVP 0") + String.join("\r\n", lines) + "\r\n";
    }

    @Test
    void aPasswordWithoutUfragIsRejectedWithoutEchoingThePassword() {
        IceSdpException e = assertThrows(IceSdpException.class,
                () -> IceSdp.parse(withMediaLines("a=ice-pwd:" + PASSWORD)));

        assertEquals(7, e.lineNumber());
        assertTrue(e.getMessage().startsWith("a=ice-pwd line 7: ice-pwd without ice-ufrag"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertFalse(e.reason().contains(PASSWORD), e.reason());
        assertFalse(e.line().contains(PASSWORD), e.line());
    }

    @Test
    void aBadPasswordIsDescribedWithoutItsValue() {
        for (String pwd : new String[] {"short1234", PASSWORD + "!", "Secret\u001b" + PASSWORD}) {
            IceSdpException e = assertThrows(IceSdpException.class,
                    () -> IceSdp.parse(withMediaLines("a=ice-ufrag:8hhY", "a=ice-pwd:" + pwd)));

            assertTrue(e.getMessage().startsWith("a=ice-pwd line 8: ice-pwd "), e.getMessage());
            String secret = pwd.substring(0, 6);
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            assertFalse(e.reason().contains(secret), e.reason());
        }
    }

    @Test
    void aBrokenCandidateNamesTheAttributeTheLineAndTheField() {
        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(
                withMediaLines("a=candidate:1 1 UDP high 192.0.2.1 5000 typ host")));

        assertEquals("a=candidate line 7 \"a=candidate:1 1 UDP high 192.0.2.1 5000 typ host\": "
                + "priority 'high' is not 1*10DIGIT (RFC 8839 §5.1)", e.getMessage());
    }

    @Test
    void controlCharactersFromThePeerAreEscaped() {
        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(
                withMediaLines("a=candidate:1 1 UDP 1\u001b[2J\u0000 192.0.2.1 5000 typ host")));

        assertPrintable(e.getMessage());
        assertPrintable(e.reason());
        assertTrue(e.getMessage().contains("1\\x1b[2J\\x00"), e.getMessage());
    }

    @Test
    void aHugeCandidateLineGivesASmallMessage() {
        String huge = "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host x " + "A".repeat(1 << 20);

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(withMediaLines(huge)));

        assertTrue(e.getMessage().length() < MESSAGE_BOUND, e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("(SdpLimits.MAX_BODY_BYTES)"), e.getMessage());
    }

    @Test
    void aLongCandidateLineIsNamedAndQuotedInPart() {
        String longLine = "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host x " + "A".repeat(20_000);

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(withMediaLines(longLine)));

        assertTrue(e.getMessage().length() < MESSAGE_BOUND, e.getMessage().length() + " characters");
        assertTrue(e.reason().length() < MESSAGE_BOUND, e.reason().length() + " characters");
        assertTrue(e.getMessage().startsWith("a=candidate line 7 \"a=candidate:1 1 UDP 2130706431 192.0.2.1 5000"),
                e.getMessage());
    }

    @Test
    void aHugeValueInAnyReasonIsCapped() {
        String big = "9".repeat(4000); // below the line length limit
        for (String line : new String[] {"a=candidate:1 1 UDP " + big + " 192.0.2.1 5000 typ host",
                "a=ice-pacing:" + big, "a=rtcp:" + big, "a=remote-candidates:1 " + big + " x",
                "a=ice-ufrag:" + big + "-", "a=candidate:" + big + " 1 UDP 1 192.0.2.1 5000 typ host"}) {
            IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(withMediaLines(line)));

            assertTrue(e.getMessage().length() < MESSAGE_BOUND, line.substring(0, 20) + ": " + e.getMessage());
        }
    }

    private static void assertPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0), "char " + (int) c + " in " + text);
        }
    }
}
