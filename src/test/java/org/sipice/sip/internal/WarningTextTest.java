package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sip.header.WarningHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.sip.CallConfig;
import org.sipice.sip.SipEndpoint;
import org.sipice.testing.TestUserAgent;

/**
 * Our Warning headers (RFC 3261 §20.43) are a valid quoted-string of printable ASCII, on one line
 * and of bounded length, whatever text reached them (issue 11, defect 6).
 */
class WarningTextTest {

    private SipEndpoint endpoint;
    private SipContext context;

    @BeforeEach
    void start() throws Exception {
        endpoint = TestUserAgent.startEndpoint("warn");
        context = new SipContext(endpoint.provider(), CallConfig.builder().build(), "warn");
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void plainTextIsKeptAndQuotesBecomeApostrophes() throws Exception {
        assertEquals("malformed SDP: a=candidate line 7 'a=candidate:1': reason",
                context.warning("malformed SDP: a=candidate line 7 \"a=candidate:1\": reason").getText());
    }

    @Test
    void controlCharactersLineBreaksAndNonAsciiAreEscaped() throws Exception {
        WarningHeader w = context.warning("a\u001b[2J\u0000b\r\nX-Injected: 1\\ caf\u00e9 (RFC 8839 §5.4)");

        assertEquals("a\\x1b[2J\\x00b\\x0d\\x0aX-Injected: 1\\\\ caf\\xe9 (RFC 8839 section 5.4)", w.getText());
        assertOneLineOfQuotedString(w);
    }

    @Test
    void aHugeTextIsCapped() throws Exception {
        WarningHeader w = context.warning("y".repeat(1 << 20));

        assertTrue(w.getText().length() < 1024, w.getText().length() + " chars");
        assertTrue(w.getText().endsWith(" chars)"), w.getText());
        assertOneLineOfQuotedString(w);
    }

    /** RFC 3261 §25.1: qdtext is printable ASCII but '"' and '\', which only come as a quoted-pair. */
    private static void assertOneLineOfQuotedString(WarningHeader w) {
        String encoded = w.toString().trim();
        String text = w.getText();
        assertEquals(1, encoded.split("\r\n|\n|\r", -1).length, encoded);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c >= 0x20 && c <= 0x7e && c != '"', "char " + (int) c + " in " + text);
            if (c == '\\') {
                i++; // a quoted-pair: the next character is taken as is
            }
        }
    }
}
