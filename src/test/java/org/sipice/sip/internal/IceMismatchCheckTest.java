package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipice.sdp.IceSdp;

/** The answerer's mismatch rule (RFC 8839 §4.2.5), one offer per row. */
class IceMismatchCheckTest {

    static Stream<Arguments> offers() {
        return Stream.of(
                Arguments.of("default is a candidate", "127.0.0.1", 4000, "a=rtcp-mux", false),
                Arguments.of("an ALG rewrote c=", "192.0.2.7", 4000, "a=rtcp-mux", true),
                Arguments.of("an ALG rewrote m=", "127.0.0.1", 5000, "a=rtcp-mux", true),
                Arguments.of("0.0.0.0 port 9 placeholder", "0.0.0.0", 9, "a=rtcp-mux", false),
                Arguments.of("legacy hold c=0.0.0.0", "0.0.0.0", 4000, "a=rtcp-mux", false),
                Arguments.of("FQDN default", "media.example.invalid", 4000, "a=rtcp-mux", false),
                Arguments.of("RTCP default is a candidate", "127.0.0.1", 4000, "a=rtcp:4001", false),
                Arguments.of("RTCP default rewritten", "127.0.0.1", 4000, "a=rtcp:6001", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offers")
    void mismatchOnlyWhenADefaultDestinationIsNotAmongTheCandidates(String name, String address, int port,
            String rtcp, boolean mismatch) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n" + rtcp + "\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 4000 typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 4001 typ host\r\n";
        assertEquals(mismatch, IceMismatch.check(IceSdp.parse(sdp)).isPresent(), sdp);
    }

    @ParameterizedTest(name = "no ICE offered")
    @MethodSource("offers")
    void anOfferWithoutIceIsNeverAMismatch(String name, String address, int port, String rtcp, boolean ignored) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n" + rtcp + "\r\n";
        assertEquals(false, IceMismatch.check(IceSdp.parse(sdp)).isPresent(), sdp);
    }
}
