package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Writing our own offers and answers, and editing received ones, with the builders. */
class IceSdpBuilderTest {

    private static final IceCredentials CREDENTIALS = new IceCredentials("Fw3k", "Jx8uQ2mLz+9aPc/4rT7vYe1s");
    private static final IceCandidate HOST_RTP = IceCandidate.builder().foundation("1").componentId(1)
            .priority(2130706431).address("127.0.0.1").port(40000).build();
    private static final IceCandidate HOST_RTCP = HOST_RTP.toBuilder().componentId(2).priority(2130706430).port(40001)
            .build();
    private static final IceCandidate SRFLX_RTP = IceCandidate.builder().foundation("2").componentId(1)
            .priority(1694498815).address("203.0.113.7").port(50000).type(CandidateType.SRFLX)
            .related("127.0.0.1", 40000).extension("generation", "0").extension("network-id", "1").build();

    private static IceDescription offer() {
        return IceDescription.builder()
                .origin("sipice", 3724394400L, 1, "IP4", "127.0.0.1")
                .sessionName("sipice")
                .connection("IP4", "127.0.0.1")
                .iceOptions(List.of("ice2"))
                .icePacing(20)
                .addMedia(IceMedia.builder()
                        .mediaType("audio").port(40000).protocol("RTP/AVP").formats(List.of("0", "101"))
                        .connection("IP4", "127.0.0.1")
                        .credentials(CREDENTIALS)
                        .attribute("rtpmap", "0 PCMU/8000").attribute("sendrecv", null)
                        .rtcp(40001, "IN IP4 127.0.0.1")
                        .rtcpMux(false)
                        .candidates(List.of(HOST_RTP, HOST_RTCP, SRFLX_RTP))
                        .remoteCandidates(List.of(new RemoteCandidateRef(1, "192.0.2.9", 7000)))
                        .endOfCandidates(true)
                        .build())
                .build();
    }

    @Test
    void anOfferIsWrittenInTheDocumentedOrder() {
        assertEquals(sdp(
                "v=0",
                "o=sipice 3724394400 1 IN IP4 127.0.0.1",
                "s=sipice",
                "c=IN IP4 127.0.0.1",
                "t=0 0",
                "a=ice-options:ice2",
                "a=ice-pacing:20",
                "m=audio 40000 RTP/AVP 0 101",
                "c=IN IP4 127.0.0.1",
                "a=rtpmap:0 PCMU/8000",
                "a=sendrecv",
                "a=rtcp:40001 IN IP4 127.0.0.1",
                "a=ice-ufrag:Fw3k",
                "a=ice-pwd:Jx8uQ2mLz+9aPc/4rT7vYe1s",
                "a=candidate:1 1 UDP 2130706431 127.0.0.1 40000 typ host",
                "a=candidate:1 2 UDP 2130706430 127.0.0.1 40001 typ host",
                "a=candidate:2 1 UDP 1694498815 203.0.113.7 50000 typ srflx raddr 127.0.0.1 rport 40000 generation 0 network-id 1",
                "a=remote-candidates:1 192.0.2.9 7000",
                "a=end-of-candidates"), IceSdp.format(offer()));
    }

    @Test
    void aBuiltOfferReadsBackAsWhatWasBuilt() {
        IceDescription built = offer();
        String text = IceSdp.format(built);

        IceDescription parsed = IceSdp.parse(text);

        assertEquals(text, IceSdp.format(parsed));
        assertEquals(built, parsed);
        IceMedia audio = parsed.media().get(0);
        assertEquals(Optional.of(CREDENTIALS), audio.credentials());
        assertEquals(Optional.of(CREDENTIALS), audio.mediaCredentials());
        assertEquals(Optional.empty(), parsed.sessionCredentials());
        assertEquals(List.of(HOST_RTP, HOST_RTCP, SRFLX_RTP), audio.candidates());
        assertEquals(List.of("ice2"), audio.iceOptions());
        assertEquals(OptionalInt.of(20), audio.icePacing());
        assertEquals(Optional.of(new TransportAddr("127.0.0.1", 40000)), audio.defaultCandidate(1));
        assertEquals(Optional.of(new TransportAddr("127.0.0.1", 40001)), audio.defaultCandidate(2));
        assertEquals(List.of(), parsed.skipped());
        assertEquals(built.media().get(0).candidates(), audio.candidates());
    }

    @Test
    void sessionLevelCredentialsLiteAndDefaultsFromScratch() {
        IceDescription answer = IceDescription.builder()
                .origin("- 42 42 IN IP6 2001:db8::1")
                .credentials(CREDENTIALS)
                .iceLite(true)
                .attribute("tool", "sipice")
                .addMedia(IceMedia.builder().mediaType("audio").port(9).protocol("RTP/AVP").formats(List.of("0"))
                        .connection("0.0.0.0").rtcpMux(true).build())
                .build();

        assertEquals(sdp("v=0", "o=- 42 42 IN IP6 2001:db8::1", "s=-", "t=0 0", "a=tool:sipice", "a=ice-lite",
                "a=ice-ufrag:Fw3k", "a=ice-pwd:Jx8uQ2mLz+9aPc/4rT7vYe1s",
                "m=audio 9 RTP/AVP 0", "c=IN IP4 0.0.0.0", "a=rtcp-mux"), IceSdp.format(answer));
        assertTrue(answer.iceLite());
        assertEquals(Optional.of(CREDENTIALS), answer.media().get(0).credentials());
        assertTrue(answer.media().get(0).defaultCandidate(1).orElseThrow().isPlaceholder());
        assertEquals(Optional.empty(), answer.media().get(0).defaultCandidate(2));
    }

    @Test
    void editingAReceivedBodyReplacesCandidatesInPlaceAndLeavesEverythingElse() {
        String captured = SdpFixtures.sample("linphone-lin_lin_turn-01-INVITE.sdp");
        IceDescription received = IceSdp.parse(captured);
        IceMedia audio = received.media().get(0);
        IceCandidate relay1 = audio.candidates(1).get(1);
        IceCandidate relay2 = audio.candidates(2).get(1);

        IceDescription updated = received.toBuilder()
                .origin("alice 1478 1166 IN IP4 10.201.0.1")
                .setMedia(0, audio.toBuilder().candidates(List.of(relay1, relay2)).build())
                .build();

        List<String> expected = new ArrayList<>(SdpFixtures.linesOf(captured));
        expected.set(1, "o=alice 1478 1166 IN IP4 10.201.0.1");
        expected.remove("a=candidate:1 1 UDP 2130706303 10.201.0.1 7102 typ host");
        expected.remove("a=candidate:1 2 UDP 2130706302 10.201.0.1 7103 typ host");
        assertEquals(expected, SdpFixtures.linesOf(IceSdp.format(updated)));
        assertEquals(List.of(relay1, relay2), updated.media().get(0).candidates());
        assertEquals(received.sessionCredentials(), updated.media().get(0).credentials());
    }

    @Test
    void changingTheDefaultCandidateRewritesTheMediaLineAndItsConnection() {
        IceDescription received = IceSdp.parse(SdpFixtures.sample("baresip-bs_bs_turn-01-INVITE.sdp"));
        IceMedia audio = received.media().get(0);

        IceMedia updated = audio.toBuilder().port(45372).connection("IP4", "10.201.0.1").rtcp(45373, "10.201.0.1")
                .remoteCandidates(List.of(new RemoteCandidateRef(1, "10.201.0.1", 16284),
                        new RemoteCandidateRef(2, "10.201.0.1", 16285)))
                .build();

        assertEquals("m=audio 45372 RTP/AVP 96 0 101", IceSdp.format(IceSdp.parse(
                IceSdp.format(received.toBuilder().setMedia(0, updated).build()))).lines()
                .filter(l -> l.startsWith("m=")).findFirst().orElseThrow());
        assertEquals(Optional.of(new TransportAddr("10.201.0.1", 45372)), updated.defaultCandidate(1));
        assertEquals(Optional.of(new TransportAddr("10.201.0.1", 45373)), updated.defaultCandidate(2));
        List<String> lines = SdpFixtures.linesOf(updated.toString());
        assertEquals("a=rtcp:45373 IN IP4 10.201.0.1", lines.get(7));
        assertEquals("a=remote-candidates:1 10.201.0.1 16284 2 10.201.0.1 16285", lines.get(lines.size() - 1));
        assertEquals(4, updated.candidates().size());
        assertEquals(Optional.of(new IceCredentials("smUZG1x", "KM47UWCLx0DxSmtHwgPvG7BwMy1AFS3")), updated.credentials());
    }

    @Test
    void anUntouchedBuilderGivesBackTheSameText() {
        for (String file : SdpFixtures.sampleNames()) {
            IceDescription d = IceSdp.parse(SdpFixtures.sample(file));

            IceDescription rebuilt = d.toBuilder().setMedia(0, d.media().get(0).toBuilder().build()).build();

            assertEquals(IceSdp.format(d), IceSdp.format(rebuilt), file);
        }
    }

    @Test
    void addingACandidateKeepsTheOthersAndItsExtensions() {
        IceMedia audio = IceSdp.parse(SdpFixtures.sample("baresip-bs_bs_none-01-INVITE.sdp")).media().get(0);

        IceMedia more = audio.toBuilder().addCandidate(SRFLX_RTP).build();

        assertEquals(3, more.candidates().size());
        assertEquals(SRFLX_RTP, more.candidates().get(2));
        assertEquals(List.of(new IceCandidate.Extension("generation", "0"), new IceCandidate.Extension("network-id", "1")),
                more.candidates().get(2).extensions());
    }

    @Test
    void removingAttributesAndIceLines() {
        IceDescription received = IceSdp.parse(SdpFixtures.sample("baresip-bs_bs_turn-reINVITE-remote-candidates.sdp"));

        IceMedia trimmed = received.media().get(0).toBuilder().remoteCandidates(List.of()).removeRtcp()
                .removeAttribute("ssrc").iceMismatch(true).candidates(List.of()).build();

        assertEquals(List.of(), trimmed.remoteCandidates());
        assertEquals(OptionalInt.empty(), trimmed.rtcpPort());
        assertEquals(Optional.of(new TransportAddr("10.201.0.1", 45373)), trimmed.defaultCandidate(2));
        assertTrue(trimmed.iceMismatch());
        assertEquals("a=ice-mismatch", SdpFixtures.linesOf(trimmed.toString()).get(SdpFixtures.linesOf(trimmed.toString()).size() - 1));
        assertEquals(List.of(), trimmed.attributeValues("ssrc"));
    }

    @Test
    void theBuildersRefuseWhatCannotBeWritten() {
        assertThrows(IllegalStateException.class, () -> IceDescription.builder().sessionName("x").build());
        assertThrows(IllegalStateException.class, () -> IceMedia.builder().mediaType("audio").port(1).protocol("RTP/AVP").build());
        assertThrows(IceSdpException.class, () -> IceMedia.builder().mediaType("audio").port(1).protocol("RTP/AVP")
                .formats(List.of("0")).attribute("ice-ufrag", "x").attribute("ice-pwd", "asd88fgpdd777uzjYhagZg").build());
        assertThrows(IceSdpException.class, () -> IceMedia.builder().icePacing(-1));
    }
}
