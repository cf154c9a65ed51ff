package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.ice.RemoteIce;

/**
 * Which in-dialog offer restarts ICE: a changed ufrag or pwd and nothing else (RFC 8839 §4.4.1.1.1,
 * §4.4.2.1). The peer's current description is ufrag {@code F7gI}, pwd
 * {@code x9cml/YzichV2+XlhiMu8g}, host candidate 192.0.2.1:4000; each row is its next offer.
 */
class IceRestartTableTest {
    private static final RemoteIce CURRENT = remote("F7gI", "x9cml/YzichV2+XlhiMu8g", "192.0.2.1", 4000, "");

    @ParameterizedTest(name = "{0}: restart={6}")
    @CsvSource(delimiter = '|', textBlock = """
            # offer                                  | ufrag | pwd                    | c= address | port | extra line                              | restart
            same ufrag and pwd (a plain re-offer)    | F7gI  | x9cml/YzichV2+XlhiMu8g | 192.0.2.1  | 4000 |                                         | false
            hold with a=sendonly                     | F7gI  | x9cml/YzichV2+XlhiMu8g | 192.0.2.1  | 4000 | a=sendonly                              | false
            legacy hold, c=0.0.0.0                   | F7gI  | x9cml/YzichV2+XlhiMu8g | 0.0.0.0    | 4000 | a=sendonly                              | false
            updated offer with a=remote-candidates   | F7gI  | x9cml/YzichV2+XlhiMu8g | 192.0.2.1  | 4000 | a=remote-candidates:1 198.51.100.7 5000 | false
            new candidates, same credentials         | F7gI  | x9cml/YzichV2+XlhiMu8g | 203.0.113.9| 6000 |                                         | false
            new ufrag                                | 8hhY  | x9cml/YzichV2+XlhiMu8g | 192.0.2.1  | 4000 |                                         | true
            new pwd                                  | F7gI  | asd88fgpdd777uzjYhagZg | 192.0.2.1  | 4000 |                                         | true
            new ufrag and pwd                        | 8hhY  | asd88fgpdd777uzjYhagZg | 192.0.2.1  | 4000 |                                         | true
            ufrag differing only in case             | f7gi  | x9cml/YzichV2+XlhiMu8g | 192.0.2.1  | 4000 |                                         | true
            new credentials during a c=0.0.0.0 hold  | 8hhY  | asd88fgpdd777uzjYhagZg | 0.0.0.0    | 4000 | a=sendonly                              | true
            """)
    void onlyANewUfragOrPwdRestarts(String offer, String ufrag, String pwd, String address, int port, String extra,
            boolean restart) {
        assertEquals(restart, IceRestart.isRestart(CURRENT, remote(ufrag, pwd, address, port, extra)));
    }

    /** The peer's ICE description from an audio offer, through the same parser the call uses. */
    static RemoteIce remote(String ufrag, String pwd, String address, int port, String extra) {
        String sdp = "v=0\r\no=- 1 2 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtcp-mux\r\n"
                + "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n"
                + "a=candidate:1 1 UDP 2130706431 " + (address.equals("0.0.0.0") ? "192.0.2.1" : address) + " " + port
                + " typ host\r\n"
                + (extra == null || extra.isEmpty() ? "" : extra + "\r\n");
        try {
            return OfferAnswer.remoteIce(OfferAnswer.parse(sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .orElseThrow();
        } catch (org.sipice.sdp.IceSdpException e) {
            throw new AssertionError(e);
        }
    }
}
