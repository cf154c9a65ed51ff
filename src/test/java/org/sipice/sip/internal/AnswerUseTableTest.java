package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.sdp.IceSdpException;

/**
 * Which answer to our offer makes us fall back to plain RFC 3264 media: no ICE attributes
 * (RFC 8839 §4.4.3.1) or {@code a=ice-mismatch} (§4.2.5), unless we may not (ICE required,
 * relay-only) or the answer has no address to send to. One answer per row; {@code ice} means
 * ufrag, pwd and a host candidate on the audio stream.
 */
class AnswerUseTableTest {

    @ParameterizedTest(name = "{0} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # answer                                     | ICE attributes | c= address   | ICE required | relay-only | use
            an ICE answer                                | ice            | 192.0.2.1    | false        | false      | ICE
            an ICE answer, ICE required                  | ice            | 192.0.2.1    | true         | false      | ICE
            an ICE answer, relay-only                    | ice            | 192.0.2.1    | false        | true       | ICE
            no ICE attributes (ICE-unaware peer)         | none           | 192.0.2.1    | false        | false      | PLAIN_RTP
            a=ice-mismatch                               | mismatch       | 192.0.2.1    | false        | false      | PLAIN_RTP
            a=ice-mismatch beside ufrag/pwd/candidates   | ice+mismatch   | 192.0.2.1    | false        | false      | PLAIN_RTP
            ufrag and pwd but no candidate               | credentials    | 192.0.2.1    | false        | false      | PLAIN_RTP
            no ICE attributes, ICE required              | none           | 192.0.2.1    | true         | false      | UNUSABLE
            no ICE attributes, relay-only                | none           | 192.0.2.1    | false        | true       | UNUSABLE
            a=ice-mismatch, relay-only                   | mismatch       | 192.0.2.1    | false        | true       | UNUSABLE
            no ICE attributes, c=0.0.0.0 port 9          | none           | 0.0.0.0      | false        | false      | UNUSABLE
            no ICE attributes, legacy hold c=0.0.0.0     | none           | 0.0.0.0 4000 | false        | false      | PLAIN_RTP
            """)
    void fallsBackOnlyToAUsableAddress(String answer, String ice, String address, boolean iceRequired,
            boolean relayOnly, AnswerUse use) throws IceSdpException {
        assertEquals(use, AnswerUse.of(OfferAnswer.parse(answerSdp(ice, address).getBytes(StandardCharsets.UTF_8)),
                iceRequired, relayOnly));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # answer                  | SDP body lines after c=
            no audio stream at all    | m=video 5000 RTP/AVP 96
            audio stream refused      | m=audio 0 RTP/AVP 0
            """)
    void anAnswerWithoutAudioIsUnusable(String answer, String media) throws IceSdpException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + media + "\r\n";
        assertEquals(AnswerUse.UNUSABLE, AnswerUse.of(OfferAnswer.parse(sdp.getBytes(StandardCharsets.UTF_8)),
                false, false));
    }

    /** {@code address} is "a.b.c.d" (port 9 for 0.0.0.0, else 4000) or "a.b.c.d port". */
    private static String answerSdp(String ice, String address) {
        String[] a = address.split(" ");
        String port = a.length > 1 ? a[1] : a[0].equals("0.0.0.0") ? "9" : "4000";
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 " + a[0]
                + "\r\nt=0 0\r\nm=audio " + port + " RTP/AVP 0\r\na=rtcp-mux\r\n");
        if (ice.contains("ice") || ice.equals("credentials")) {
            sdp.append("a=ice-ufrag:F7gI\r\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n");
        }
        if (ice.contains("ice")) {
            sdp.append("a=candidate:1 1 UDP 2130706431 192.0.2.1 4000 typ host\r\n");
        }
        if (ice.contains("mismatch")) {
            sdp.append("a=ice-mismatch\r\n");
        }
        return sdp.toString();
    }
}
