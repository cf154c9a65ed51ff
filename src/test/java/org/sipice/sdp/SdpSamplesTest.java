package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SDP body captured from baresip and Linphone parses, round-trips line for line, and yields
 * exactly what {@code sdp-samples/expectations.csv} says, a table read off the files by hand.
 */
class SdpSamplesTest {

    static List<String> samples() {
        return SdpFixtures.sampleNames();
    }

    @ParameterizedTest(name = "{0} round-trips line for line")
    @MethodSource("samples")
    void formatGivesBackEveryLineInOrder(String file) {
        String captured = SdpFixtures.sample(file);

        String formatted = IceSdp.format(IceSdp.parse(captured));

        assertEquals(SdpFixtures.linesOf(captured), SdpFixtures.linesOf(formatted));
        assertEquals(captured.replace("\n", "\r\n"), formatted);
    }

    @ParameterizedTest(name = "{0} parses the same with CRLF and with LF")
    @MethodSource("samples")
    void crlfAndLfGiveTheSameDescription(String file) {
        String lf = SdpFixtures.sample(file);

        IceDescription fromLf = IceSdp.parse(lf);
        IceDescription fromCrlf = IceSdp.parse(lf.replace("\n", "\r\n"));

        assertEquals(fromLf, fromCrlf);
        assertEquals(fromLf.media().get(0).candidates(), fromCrlf.media().get(0).candidates());
        assertEquals(fromLf, IceSdp.parse(IceSdp.format(fromLf)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/sdp-samples/expectations.csv")
    void yieldsTheExpectedIceView(String file, String credLevel, String ufrag, String pwd, int comp1, int comp2,
            String types, String rtcpPort, String rtcpAddress, String default1, String default2, int remote,
            String hostPriorities, String relay1, int lines) {
        IceDescription d = IceSdp.parse(SdpFixtures.sample(file));

        assertEquals(List.of(), d.skipped(), "no line may be skipped");
        assertEquals(1, d.media().size());
        IceMedia audio = d.media().get(0);
        assertEquals("audio", audio.mediaType());
        assertEquals("RTP/AVP", audio.protocol());
        IceCredentials credentials = new IceCredentials(ufrag, pwd);
        assertEquals(Optional.of(credentials), audio.credentials());
        if (credLevel.equals("session")) {
            assertEquals(Optional.of(credentials), d.sessionCredentials());
            assertEquals(Optional.empty(), audio.mediaCredentials());
        } else {
            assertEquals(Optional.of(credentials), audio.mediaCredentials());
        }
        assertEquals(comp1, audio.candidates(1).size(), "component 1 candidates");
        assertEquals(comp2, audio.candidates(2).size(), "component 2 candidates");
        assertEquals(comp1 + comp2, audio.candidates().size());
        assertEquals(List.of(types.split(" ")), typesInOrder(audio));
        assertEquals(rtcpPort.equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(rtcpPort)),
                audio.rtcpPort());
        assertEquals(rtcpAddress.equals("-") ? Optional.empty() : Optional.of(rtcpAddress), audio.rtcpAddress());
        assertEquals(default1, audio.defaultCandidate(1).orElseThrow().toString());
        assertEquals(default2, audio.defaultCandidate(2).orElseThrow().toString());
        assertEquals(remote, audio.remoteCandidates().size());
        assertEquals(hostPriorities, hostPriority(audio, 1) + "/" + hostPriority(audio, 2));
        assertEquals(relay1, relay(audio));
        assertEquals(lines, SdpFixtures.linesOf(IceSdp.format(d)).size());
        assertTrue(audio.candidates().stream().allMatch(c -> c.isUdp() && !c.isIpv6() && !c.isFqdn()));
    }

    @Test
    void everySampleHasARowInTheExpectationsTable() throws IOException {
        List<String> rows = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/sdp-samples/expectations.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(line.substring(0, line.indexOf(',')));
                }
            }
        }
        assertEquals(38, SdpFixtures.sampleNames().size());
        assertEquals(SdpFixtures.sampleNames(), rows.stream().sorted().toList());
    }

    @Test
    void baresipListsEveryRemoteCandidateInItsUpdatedOffer() {
        IceMedia audio = IceSdp.parse(SdpFixtures.sample("baresip-bs_bs_turn-reINVITE-remote-candidates.sdp"))
                .media().get(0);

        assertEquals(List.of(
                new RemoteCandidateRef(1, "10.201.0.1", 16284),
                new RemoteCandidateRef(2, "10.201.0.1", 16285),
                new RemoteCandidateRef(1, "10.201.0.1", 49162),
                new RemoteCandidateRef(2, "10.201.0.1", 49175)), audio.remoteCandidates());
    }

    @Test
    void linphoneKeepsOnlyTheSelectedRelayInItsUpdatedOffer() {
        IceMedia audio = IceSdp.parse(SdpFixtures.sample("linphone-lin_bs_turn-reINVITE-remote-candidates.sdp"))
                .media().get(0);

        assertEquals(List.of(
                IceCandidate.builder().foundation("3").componentId(1).priority(16777087).address("10.201.0.1")
                        .port(49200).type(CandidateType.RELAY).related("10.201.0.1", 7116).build(),
                IceCandidate.builder().foundation("3").componentId(2).priority(16777086).address("10.201.0.1")
                        .port(49199).type(CandidateType.RELAY).related("10.201.0.1", 7117).build()),
                audio.candidates());
        assertEquals(List.of(new RemoteCandidateRef(1, "10.201.0.1", 7900), new RemoteCandidateRef(2, "10.201.0.1", 7901)),
                audio.remoteCandidates());
        assertEquals(List.of("rtcp-fb", "rtcp-fb"),
                audio.attributes().subList(audio.attributes().size() - 2, audio.attributes().size()).stream()
                        .map(SdpAttribute::name).toList());
    }

    private static List<String> typesInOrder(IceMedia media) {
        return media.candidates().stream().map(c -> c.type().sdpName()).distinct().toList();
    }

    private static String hostPriority(IceMedia media, int component) {
        return media.candidates(component).stream().filter(c -> c.type() == CandidateType.HOST).findFirst()
                .map(c -> Long.toString(c.priority())).orElse("-");
    }

    private static String relay(IceMedia media) {
        return media.candidates(1).stream().filter(c -> c.type() == CandidateType.RELAY).findFirst()
                .map(c -> c.priority() + " " + c.address() + ":" + c.port() + " " + c.relatedAddress() + ":"
                        + c.relatedPort())
                .orElse("-");
    }
}
