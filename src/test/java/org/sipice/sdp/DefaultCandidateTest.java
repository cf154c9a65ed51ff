package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The default destination of each component (RFC 8839 §3): c=/m= for RTP; a=rtcp, or the m= port
 * plus one, for RTCP; none for RTCP under rtcp-mux (RFC 5761).
 */
class DefaultCandidateTest {

    /** One audio section; {@code mediaLines} go after its m= line. Session c= is 192.0.2.3. */
    private static IceMedia audio(String port, String... mediaLines) {
        String[] head = {"v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0",
                "m=audio " + port + " RTP/AVP 0"};
        String[] all = new String[head.length + mediaLines.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(mediaLines, 0, all, head.length, mediaLines.length);
        return IceSdp.parse(sdp(all)).media().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "no a=rtcp: RTCP is the next port                | 45664 |                                 | 192.0.2.3:45664   | 192.0.2.3:45665",
            "a=rtcp with an address                          | 45664 | a=rtcp:53020 IN IP4 198.51.100.9 | 192.0.2.3:45664   | 198.51.100.9:53020",
            "a=rtcp without an address uses c=               | 45664 | a=rtcp:53020                     | 192.0.2.3:45664   | 192.0.2.3:53020",
            "a=rtcp with an IPv6 address                     | 45664 | a=rtcp:53020 IN IP6 2001:db8::9  | 192.0.2.3:45664   | [2001:db8::9]:53020",
            "rtcp-mux without a=rtcp: no component 2         | 45664 | a=rtcp-mux                       | 192.0.2.3:45664   | -",
            "media c= overrides the session c=               | 45664 | c=IN IP4 203.0.113.1             | 203.0.113.1:45664 | 203.0.113.1:45665",
            "rejected stream has no default                  | 0     |                                  | -                 | -"})
    void defaultDestinations(String name, String port, String mediaLine, String component1, String component2) {
        IceMedia m = mediaLine == null ? audio(port) : audio(port, mediaLine);

        assertEquals(component1, m.defaultCandidate(1).map(TransportAddr::toString).orElse("-"));
        assertEquals(component2, m.defaultCandidate(2).map(TransportAddr::toString).orElse("-"));
        assertEquals(Optional.empty(), m.defaultCandidate(3));
    }

    @Test
    void rtcpMuxWithAnRtcpAttributeStillNamesComponent2() {
        IceMedia m = audio("45664", "a=rtcp:45664", "a=rtcp-mux");

        assertTrue(m.rtcpMux());
        assertEquals(Optional.of(new TransportAddr("192.0.2.3", 45664)), m.defaultCandidate(2));
    }

    @Test
    void zeroAddressAndPort9IsThePlaceholderOfAnAgentWithNoCandidateYet() {
        IceDescription d = IceSdp.parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 0.0.0.0", "t=0 0",
                "a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg", "a=ice-options:ice2 trickle",
                "m=audio 9 RTP/AVP 0", "m=video 9 RTP/AVP 96", "c=IN IP6 ::"));

        TransportAddr audio = d.media().get(0).defaultCandidate(1).orElseThrow();
        TransportAddr video = d.media().get(1).defaultCandidate(1).orElseThrow();
        assertEquals(new TransportAddr("0.0.0.0", 9), audio);
        assertTrue(audio.isPlaceholder());
        assertTrue(video.isPlaceholder());
        assertEquals(Optional.of(new TransportAddr("0.0.0.0", 9)), d.media().get(0).defaultCandidate(2));
        assertEquals(java.util.List.of(), d.skipped());
    }

    @Test
    void aRealAddressIsNoPlaceholder() {
        assertFalse(new TransportAddr("0.0.0.0", 5000).isPlaceholder());
        assertFalse(new TransportAddr("192.0.2.1", 9).isPlaceholder());
    }

    @Test
    void noConnectionAddressAnywhereMeansNoDefault() {
        IceMedia m = IceSdp.parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "t=0 0", "m=audio 5000 RTP/AVP 0"))
                .media().get(0);

        assertEquals(null, m.connectionAddress());
        assertEquals(Optional.empty(), m.defaultCandidate(1));
        assertEquals(Optional.empty(), m.defaultCandidate(2));
    }

    @Test
    void theDefaultCandidateOfABaresipTurnCallIsItsRelay() {
        IceMedia m = IceSdp.parse(SdpFixtures.sample("baresip-bs_bs_turn-01-INVITE.sdp")).media().get(0);

        TransportAddr rtp = m.defaultCandidate(1).orElseThrow();
        TransportAddr rtcp = m.defaultCandidate(2).orElseThrow();
        assertEquals(CandidateType.RELAY, m.candidates(1).stream().filter(c -> c.transportAddr().equals(rtp))
                .findFirst().orElseThrow().type());
        assertEquals(CandidateType.RELAY, m.candidates(2).stream().filter(c -> c.transportAddr().equals(rtcp))
                .findFirst().orElseThrow().type());
    }
}
