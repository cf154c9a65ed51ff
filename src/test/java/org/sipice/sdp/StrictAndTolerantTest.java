package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A broken mandatory attribute fails the whole SDP with an error naming line number, text and
 * reason; a candidate or attribute an agent must ignore is skipped with a reason, and the rest parses.
 */
class StrictAndTolerantTest {

    /** Line 9 is the m= line, line 10 the line under test, line 11 a host candidate. */
    private static String withMediaLine(String line) {
        return sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
                "a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg", "a=ice-options:ice2",
                "m=audio 5000 RTP/AVP 0", line, "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host");
    }

    /** Line 6 is the line under test, line 7 the m= line. */
    private static String withSessionLine(String line) {
        return sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", line,
                "m=audio 5000 RTP/AVP 0", "a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg");
    }

    @ParameterizedTest(name = "media line \"{0}\" is an error")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a=ice-ufrag:abc                                       | ice-ufrag 'abc' has 3 characters, must have 4..256 (RFC 8839 §5.4)",
            "a=ice-ufrag:ab-cd                                     | ice-ufrag 'ab-cd' contains '-', not an ice-char",
            "a=ice-pwd:tooshort                                    | ice-pwd has 8 characters, must have 22..256",
            "a=ice-pwd:asd88fgpdd777uzjYhagZg=                     | ice-pwd contains a character that is not an ice-char, at position 23",
            "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ     | candidate has 7 fields, needs at least 8",
            "a=candidate:1 1 UDP 2130706431 192.0.2.1              | candidate has 5 fields, needs at least 8",
            "a=candidate:1 0 UDP 2130706431 192.0.2.1 5000 typ host | component-id 0 is outside 1..256",
            "a=candidate:1 1 UDP 2130706431 192.0.2.1 99999 typ host | port 99999 is outside 0..65535",
            "a=candidate:1 1 UDP high 192.0.2.1 5000 typ host      | priority 'high' is not 1*10DIGIT",
            "a=ice-pacing:fast                                     | ice-pacing 'fast' is not a number of milliseconds",
            "a=ice-pacing:12345678901                              | ice-pacing '12345678901' is not a number of milliseconds",
            "a=remote-candidates:1 192.0.2.3                       | remote-candidates has 2 fields",
            "a=remote-candidates:one 192.0.2.3 5000                | remote-candidates entry 'one 192.0.2.3 5000' is not",
            "a=rtcp:port                                           | rtcp 'port' is not '<port> [<nettype> <addrtype> <address>]'",
            "a=rtcp:5001 IN IP4                                    | rtcp '5001 IN IP4' is not",
            "c=IN IP4                                              | c= line has 2 fields",
            "a=ice-ufrag:8hhY                                      | ice-ufrag appears twice in one scope, first at line 10"})
    void aBrokenMandatoryMediaAttributeNamesItsLine(String line, String reason) {
        String text = line.startsWith("a=ice-ufrag:8hhY")
                ? withMediaLine(line).replace("m=audio 5000 RTP/AVP 0\r\n", "m=audio 5000 RTP/AVP 0\r\na=ice-ufrag:8hhY\r\n")
                : withMediaLine(line);

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(text));

        int expectedLine = line.startsWith("a=ice-ufrag:8hhY") ? 11 : 10;
        assertEquals(expectedLine, e.lineNumber(), e.getMessage());
        String name = line.substring(0, line.indexOf(':') < 0 ? 2 : line.indexOf(':'));
        if (line.startsWith("a=ice-pwd:")) {
            // RFC 8839 §5.4: the password is a secret; the error never quotes it.
            assertEquals("a=ice-pwd:(" + (line.length() - 10) + " characters hidden)", e.line());
            assertTrue(e.getMessage().startsWith(name + " line " + expectedLine + ": "), e.getMessage());
        } else {
            assertEquals(line, e.line());
            assertTrue(e.getMessage().startsWith(name + " line " + expectedLine + " \"" + line + "\": "), e.getMessage());
        }
        assertTrue(e.reason().startsWith(reason), e.reason());
        assertFalse(e instanceof CandidateSkippedException);
    }

    @ParameterizedTest(name = "\"{0}\" is an error")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "m=audio                        | m= line has 1 fields",
            "m=audio 5000 RTP/AVP           | m= line has 3 fields",
            "m=audio five RTP/AVP 0         | m= port 'five' is not a port",
            "m=audio 70000 RTP/AVP 0        | m= port '70000' is not a port",
            "m=audio 5000/0 RTP/AVP 0       | m= number of ports '0' is not a positive integer",
            "garbage                        | not an SDP line",
            "=x                             | not an SDP line"})
    void aMalformedLineNamesItsLine(String line, String reason) {
        String text = sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", line);

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(text));

        assertEquals(5, e.lineNumber());
        assertEquals(line, e.line());
        assertTrue(e.reason().startsWith(reason), e.reason());
    }

    @Test
    void aBodyMustStartWithTheVersion() {
        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(sdp("o=- 1 1 IN IP4 192.0.2.1", "v=0")));

        assertEquals(1, e.lineNumber());
        assertEquals("o=- 1 1 IN IP4 192.0.2.1", e.line());
    }

    @Test
    void anEmptyBodyIsAnError() {
        assertEquals(1, assertThrows(IceSdpException.class, () -> IceSdp.parse("\r\n")).lineNumber());
    }

    @Test
    void aStreamWithUfragButNoPwdNamesTheUfragLine() {
        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(sdp(
                "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "a=ice-ufrag:8hhY", "m=audio 5000 RTP/AVP 0")));

        assertEquals(5, e.lineNumber());
        assertEquals("a=ice-ufrag:8hhY", e.line());
        assertTrue(e.reason().startsWith("ice-ufrag without ice-pwd for the audio stream of line 6"), e.reason());
    }

    @Test
    void aStreamWithPwdButNoUfragNamesThePwdLine() {
        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(sdp(
                "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "m=audio 5000 RTP/AVP 0",
                "a=ice-pwd:asd88fgpdd777uzjYhagZg")));

        assertEquals(6, e.lineNumber());
        assertTrue(e.reason().startsWith("ice-pwd without ice-ufrag"), e.reason());
    }

    @ParameterizedTest(name = "media line \"{0}\" is skipped")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a=candidate:2 1 UDP 2130706431 192.0.2.1 5002 typ foo                 | unknown candidate type 'typ foo'",
            "a=candidate:2 1 SCTP 2130706431 192.0.2.1 5002 typ host               | unsupported transport 'SCTP'",
            "a=candidate:2 1 UDP 2130706431 192.0.2.1 5002 typ host generation     | malformed extension: 'generation' has no value",
            "a=candidate:2 1 UDP 2130706431 999.0.2.1 5002 typ host                | unrecognised address '999.0.2.1'",
            "a=candidate:2 1 TCP 2130706431 192.0.2.1 9 typ host tcptype maybe     | unknown tcptype 'maybe'",
            "a=ice-lite                                                             | ice-lite is a session-level attribute",
            "a=ice-options:                                                         | ice-options has no option tag",
            "a=                                                                     | attribute without a name",
            "a=:orphan                                                              | attribute without a name"})
    void aMediaLineAnAgentMustIgnoreIsSkippedWithItsReason(String line, String reason) {
        IceDescription d = IceSdp.parse(withMediaLine(line));

        assertEquals(1, d.skipped().size());
        SkippedLine skipped = d.skipped().get(0);
        assertEquals(10, skipped.lineNumber());
        assertEquals(line, skipped.line());
        assertTrue(skipped.reason().startsWith(reason), skipped.reason());
        assertEquals(d.skipped(), d.media().get(0).skipped());
        assertEquals(List.of(IceCandidate.parse("1 1 UDP 2130706431 192.0.2.1 5000 typ host")), d.media().get(0).candidates());
        assertFalse(d.iceLite());
        assertEquals(withMediaLine(line), IceSdp.format(d));
    }

    @ParameterizedTest(name = "session line \"{0}\" is skipped")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host | candidate is a media-level attribute",
            "a=remote-candidates:1 192.0.2.3 45664                  | remote-candidates is a media-level attribute",
            "a=ice-mismatch                                          | ice-mismatch is a media-level attribute"})
    void aSessionLineAtTheWrongLevelIsSkippedWithItsReason(String line, String reason) {
        IceDescription d = IceSdp.parse(withSessionLine(line));

        assertEquals(List.of(new SkippedLine(6, line, d.skipped().get(0).reason())), d.skipped());
        assertTrue(d.skipped().get(0).reason().startsWith(reason), d.skipped().get(0).reason());
        assertEquals(List.of(), d.media().get(0).candidates());
        assertFalse(d.media().get(0).iceMismatch());
        assertEquals(withSessionLine(line), IceSdp.format(d));
    }

    @Test
    void theRestOfTheSdpStillParsesAroundSkippedCandidates() {
        String text = sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
                "a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg",
                "m=audio 5000 RTP/AVP 0",
                "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host",
                "a=candidate:2 1 UDP 2130706431 192.0.2.1 5002 typ foo",
                "a=candidate:3 1 SCTP 2130706431 192.0.2.1 5004 typ host",
                "a=candidate:4 1 UDP 1694498815 203.0.113.1 6000 typ srflx raddr 192.0.2.1 rport 5000",
                "m=video 5010 RTP/AVP 96",
                "a=candidate:5 1 UDP 2130706431 192.0.2.1 5010 typ host foo");

        IceDescription d = IceSdp.parse(text);

        assertEquals(List.of(10, 11, 14), d.skipped().stream().map(SkippedLine::lineNumber).toList());
        assertEquals(List.of("1", "4"), d.media().get(0).candidates().stream().map(IceCandidate::foundation).toList());
        assertEquals(List.of(), d.media().get(1).candidates());
        assertEquals(4, d.media().get(0).attributes().size());
        assertEquals(text, IceSdp.format(d));
    }

    @Test
    void lfOnlyInputIsAcceptedAndWrittenWithCrlf() {
        String lf = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 5000 RTP/AVP 0\na=sendrecv\n";

        String formatted = IceSdp.format(IceSdp.parse(lf));

        assertEquals(lf.replace("\n", "\r\n"), formatted);
        assertEquals(formatted, IceSdp.format(IceSdp.parse(lf.substring(0, lf.length() - 1))));
    }
}
