package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The ICE attributes other than candidates, at session and media level (RFC 8839 §5.2-§5.6, RFC 8840). */
class IceAttributesTest {

    private static final IceCredentials SESSION = new IceCredentials("8hhY", "asd88fgpdd777uzjYhagZg");
    private static final IceCredentials AUDIO = new IceCredentials("aud1", "audiopasswordaudiopass");

    /** Session part with session-level credentials; media sections follow. */
    private static String withSession(String... lines) {
        String[] head = {"v=0", "o=jdoe 2890844526 2890842807 IN IP4 203.0.113.141", "s=-", "c=IN IP4 192.0.2.3",
                "t=0 0", "a=ice-pwd:asd88fgpdd777uzjYhagZg", "a=ice-ufrag:8hhY"};
        String[] all = new String[head.length + lines.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(lines, 0, all, head.length, lines.length);
        return sdp(all);
    }

    @Test
    void mediaLevelCredentialsOverrideSessionLevelOnes() {
        IceDescription d = IceSdp.parse(withSession(
                "m=audio 45664 RTP/AVP 0",
                "a=ice-ufrag:aud1",
                "a=ice-pwd:audiopasswordaudiopass",
                "m=video 45666 RTP/AVP 96"));

        assertEquals(Optional.of(SESSION), d.sessionCredentials());
        assertEquals(Optional.of(AUDIO), d.media().get(0).credentials());
        assertEquals(Optional.of(AUDIO), d.media().get(0).mediaCredentials());
        assertEquals(Optional.of(SESSION), d.media().get(1).credentials());
        assertEquals(Optional.empty(), d.media().get(1).mediaCredentials());
    }

    @Test
    void eachOfUfragAndPwdFallsBackOnTheSessionLevelSeparately() {
        IceDescription d = IceSdp.parse(withSession("m=audio 45664 RTP/AVP 0", "a=ice-ufrag:aud1"));

        assertEquals(Optional.of(new IceCredentials("aud1", "asd88fgpdd777uzjYhagZg")), d.media().get(0).credentials());
    }

    @Test
    void noCredentialsAnywhereMeansNoIce() {
        IceDescription d = IceSdp.parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
                "m=audio 5000 RTP/AVP 0"));

        assertEquals(Optional.empty(), d.sessionCredentials());
        assertEquals(Optional.empty(), d.media().get(0).credentials());
        assertEquals(List.of(), d.media().get(0).candidates());
    }

    @Test
    void iceOptionsKeepEveryTagInOrderIncludingUnknownOnes() {
        IceDescription d = IceSdp.parse(withSession(
                "a=ice-options:ice2 trickle",
                "a=ice-options:rtp+ecn x-unknown",
                "m=audio 45664 RTP/AVP 0",
                "m=video 45666 RTP/AVP 96",
                "a=ice-options:trickle"));

        assertEquals(List.of("ice2", "trickle", "rtp+ecn", "x-unknown"), d.sessionIceOptions());
        assertEquals(List.of("ice2", "trickle", "rtp+ecn", "x-unknown"), d.media().get(0).iceOptions());
        assertEquals(List.of(), d.media().get(0).mediaIceOptions());
        assertEquals(List.of("trickle"), d.media().get(1).iceOptions());
        assertEquals(List.of("trickle"), d.media().get(1).mediaIceOptions());
    }

    @Test
    void iceLiteAtSessionLevel() {
        IceDescription lite = IceSdp.parse(withSession("a=ice-lite", "m=audio 45664 RTP/AVP 0"));
        IceDescription full = IceSdp.parse(withSession("m=audio 45664 RTP/AVP 0"));

        assertTrue(lite.iceLite());
        assertFalse(full.iceLite());
        assertEquals(List.of(), lite.skipped());
    }

    @Test
    void iceMismatchAtMediaLevel() {
        IceDescription d = IceSdp.parse(withSession(
                "m=audio 45664 RTP/AVP 0", "a=ice-mismatch", "m=video 45666 RTP/AVP 96"));

        assertTrue(d.media().get(0).iceMismatch());
        assertFalse(d.media().get(1).iceMismatch());
    }

    @Test
    void remoteCandidatesOnOneOrSeveralLines() {
        IceDescription d = IceSdp.parse(withSession(
                "m=audio 45664 RTP/AVP 0",
                "a=remote-candidates:1 192.0.2.3 45664",
                "a=remote-candidates:2 192.0.2.3 45665",
                "m=video 45666 RTP/AVP 96",
                "a=remote-candidates:1 2001:db8::7 50000 2 2001:db8::7 50001"));

        assertEquals(List.of(new RemoteCandidateRef(1, "192.0.2.3", 45664), new RemoteCandidateRef(2, "192.0.2.3", 45665)),
                d.media().get(0).remoteCandidates());
        assertEquals(List.of(new RemoteCandidateRef(1, "2001:db8::7", 50000), new RemoteCandidateRef(2, "2001:db8::7", 50001)),
                d.media().get(1).remoteCandidates());
    }

    @Test
    void remoteCandidatesFormatAsOneLine() {
        List<RemoteCandidateRef> refs = List.of(new RemoteCandidateRef(1, "192.0.2.3", 45664),
                new RemoteCandidateRef(2, "192.0.2.3", 45665));

        assertEquals("1 192.0.2.3 45664 2 192.0.2.3 45665", RemoteCandidateRef.formatList(refs));
        assertEquals(refs, RemoteCandidateRef.parseList(RemoteCandidateRef.formatList(refs)));
    }

    @Test
    void endOfCandidatesAtMediaOrSessionLevel() {
        IceDescription media = IceSdp.parse(withSession(
                "m=audio 45664 RTP/AVP 0", "a=end-of-candidates", "m=video 45666 RTP/AVP 96"));
        IceDescription session = IceSdp.parse(withSession("a=end-of-candidates", "m=audio 45664 RTP/AVP 0"));

        assertTrue(media.media().get(0).endOfCandidates());
        assertFalse(media.media().get(1).endOfCandidates());
        assertFalse(media.endOfCandidates());
        assertTrue(session.endOfCandidates());
        assertTrue(session.media().get(0).endOfCandidates());
    }

    @Test
    void icePacingAtSessionLevelAndAMediaLevelOneThatWins() {
        IceDescription d = IceSdp.parse(withSession(
                "a=ice-pacing:50", "m=audio 45664 RTP/AVP 0", "m=video 45666 RTP/AVP 96", "a=ice-pacing:20"));
        IceDescription none = IceSdp.parse(withSession("m=audio 45664 RTP/AVP 0"));

        assertEquals(OptionalInt.of(50), d.sessionIcePacing());
        assertEquals(OptionalInt.of(50), d.media().get(0).icePacing());
        assertEquals(OptionalInt.of(20), d.media().get(1).icePacing());
        assertEquals(OptionalInt.empty(), none.sessionIcePacing());
        assertEquals(OptionalInt.empty(), none.media().get(0).icePacing());
    }

    @Test
    void connectionAddressOfMediaFallsBackOnSession() {
        IceDescription d = IceSdp.parse(withSession(
                "m=audio 45664 RTP/AVP 0", "c=IN IP4 198.51.100.1", "m=video 45666 RTP/AVP 96"));

        assertEquals(Optional.of("192.0.2.3"), d.connectionAddress());
        assertEquals("198.51.100.1", d.media().get(0).connectionAddress());
        assertEquals(Optional.of("198.51.100.1"), d.media().get(0).mediaConnectionAddress());
        assertEquals("192.0.2.3", d.media().get(1).connectionAddress());
        assertEquals(Optional.empty(), d.media().get(1).mediaConnectionAddress());
    }

    @Test
    void theMediaLineAndEveryAttributeAreAvailable() {
        IceDescription d = IceSdp.parse(withSession(
                "a=tool:test", "m=audio 45664/2 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000", "a=sendrecv", "a=fmtp:101 0-15",
                "a=x-empty:"));
        IceMedia audio = d.media().get(0);

        assertEquals("jdoe 2890844526 2890842807 IN IP4 203.0.113.141", d.origin());
        assertEquals("-", d.sessionName());
        assertEquals(List.of(new SdpAttribute("ice-pwd", "asd88fgpdd777uzjYhagZg"), new SdpAttribute("ice-ufrag", "8hhY"),
                new SdpAttribute("tool", "test")), d.sessionAttributes());
        assertEquals(45664, audio.port());
        assertEquals(2, audio.portCount());
        assertEquals(List.of("0", "101"), audio.formats());
        assertEquals(List.of(new SdpAttribute("rtpmap", "0 PCMU/8000"), new SdpAttribute("sendrecv", null),
                new SdpAttribute("fmtp", "101 0-15"), new SdpAttribute("x-empty", "")), audio.attributes());
        assertEquals(List.of("0 PCMU/8000"), audio.attributeValues("rtpmap"));
        assertTrue(audio.hasAttribute("SENDRECV"));
        assertTrue(IceSdp.format(d).contains("a=x-empty:\r\n"));
    }
}
