package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sipice.ice.LocalIce;
import org.sipice.ice.internal.DefaultCandidates;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.sdp.TransportAddr;

/**
 * IPv6 in our offers and answers (RFC 8839 §5.1 candidates, RFC 4566 §5.7 {@code c=IN IP6}):
 * a dual-stack offer keeps an IPv4 default for a peer that may know IPv4 only (RFC 8445 §5.1.4),
 * an IPv6-only one says IP6 on every line, and both read back as written.
 */
class Ipv6OfferAnswerTest {
    private static final IceCredentials CREDENTIALS = new IceCredentials("Fw3k", "Jx8uQ2mLz+9aPc/4rT7vYe1s");
    private static final SdpOrigin.Stamp ORIGIN = new SdpOrigin.Stamp(3724394400L, 1);

    private static IceCandidate host(String foundation, int component, long priority, String address, int port) {
        return IceCandidate.builder().foundation(foundation).componentId(component).priority(priority)
                .address(address).port(port).type(CandidateType.HOST).build();
    }

    /** What gathering gives: candidates by priority (IPv6 first, RFC 8421 §4) and a default each. */
    private static LocalIce gathered(List<IceCandidate> candidates) {
        Map<Integer, TransportAddr> defaults = new HashMap<>();
        for (int component = 1; component <= 2; component++) {
            IceCandidate d = DefaultCandidates.choose(candidates, component).orElseThrow();
            defaults.put(component, new TransportAddr(d.address(), d.port()));
        }
        return new LocalIce(CREDENTIALS, candidates, defaults);
    }

    @Test
    void aDualStackOfferListsIpv6FirstButDefaultsToIpv4() {
        LocalIce local = gathered(List.of(
                host("1", 1, 2130706431L, "2001:db8::7", 40000), host("2", 1, 2130706175L, "192.0.2.7", 40002),
                host("1", 2, 2130706430L, "2001:db8::7", 40001), host("2", 2, 2130706174L, "192.0.2.7", 40003)));

        IceMedia audio = IceSdp.parse(OfferAnswer.offer(local, false, ORIGIN, 20)).media().get(0);

        // RFC 8445 §5.1.4: the default is what most likely works with an unknown (maybe IPv4-only) peer.
        assertEquals(Optional.of(new TransportAddr("192.0.2.7", 40002)), audio.defaultCandidate(1));
        assertEquals(Optional.of(new TransportAddr("192.0.2.7", 40003)), audio.defaultCandidate(2));
        assertEquals(local.candidates(), audio.candidates());
        assertTrue(audio.candidates().get(0).isIpv6());
    }

    @Test
    void anIpv6OnlyOfferSaysIp6OnEveryLineAndReadsBack() {
        LocalIce local = gathered(List.of(
                host("1", 1, 2130706431L, "fd00:6::2", 40000), host("1", 2, 2130706430L, "fd00:6::2", 40001)));

        String text = OfferAnswer.offer(local, false, ORIGIN, 20);
        IceDescription parsed = IceSdp.parse(text);

        assertTrue(text.contains("o=sipice 3724394400 1 IN IP6 fd00:6::2\r\n"), text);
        assertTrue(text.contains("c=IN IP6 fd00:6::2\r\n"), text);
        assertTrue(text.contains("a=rtcp:40001 IN IP6 fd00:6::2\r\n"), text);
        assertTrue(text.contains("a=candidate:1 1 UDP 2130706431 fd00:6::2 40000 typ host\r\n"), text);
        IceMedia audio = parsed.media().get(0);
        assertEquals(Optional.of(new TransportAddr("fd00:6::2", 40000)), audio.defaultCandidate(1));
        assertEquals(Optional.of(new TransportAddr("fd00:6::2", 40001)), audio.defaultCandidate(2));
        assertEquals(local.candidates(), audio.candidates());
        assertEquals(List.of(), parsed.skipped());
    }

    @Test
    void componentTwosDefaultOfTheOtherFamilyGetsItsOwnFamilyInARtcp() {
        LocalIce local = new LocalIce(CREDENTIALS, List.of(
                host("1", 1, 2130706431L, "fd00:6::2", 40000), host("2", 2, 2130706174L, "192.0.2.7", 40003)),
                Map.of(1, new TransportAddr("fd00:6::2", 40000), 2, new TransportAddr("192.0.2.7", 40003)));

        String text = OfferAnswer.offer(local, false, ORIGIN, 20);

        assertTrue(text.contains("a=rtcp:40003 IN IP4 192.0.2.7\r\n"), text);
        assertEquals(Optional.of(new TransportAddr("192.0.2.7", 40003)),
                IceSdp.parse(text).media().get(0).defaultCandidate(2));
    }

    @Test
    void anIpv6OnlyAnswerToADualStackOfferReadsBackBothWays() {
        LocalIce offerer = gathered(List.of(
                host("1", 1, 2130706431L, "2001:db8::7", 40000), host("2", 1, 2130706175L, "192.0.2.7", 40002),
                host("1", 2, 2130706430L, "2001:db8::7", 40001), host("2", 2, 2130706174L, "192.0.2.7", 40003)));
        IceDescription offer = IceSdp.parse(OfferAnswer.offer(offerer, false, ORIGIN, 20));
        LocalIce answerer = gathered(List.of(
                host("1", 1, 2130706431L, "fd00:6::2", 41000), host("1", 2, 2130706430L, "fd00:6::2", 41001)));

        // The answerer reads all four candidates (RFC 8839 §5.1), whatever the family of c=.
        assertEquals(offerer.candidates(), OfferAnswer.remoteIce(offer).orElseThrow().candidates());
        String answer = OfferAnswer.answer(offer, answerer, false, ORIGIN, 20);
        IceMedia audio = IceSdp.parse(answer).media().get(0);

        assertTrue(answer.contains("c=IN IP6 fd00:6::2\r\n"), answer);
        assertEquals(Optional.of(new TransportAddr("fd00:6::2", 41000)), audio.defaultCandidate(1));
        assertEquals(answerer.candidates(), OfferAnswer.remoteIce(IceSdp.parse(answer)).orElseThrow().candidates());
    }
}
