package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code a=candidate} values (RFC 8839 §5.1): what parses to what, what is skipped, what is an error. */
class IceCandidateTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("IPv4 host", "1 1 UDP 2130706431 192.0.2.1 5000 typ host",
                        base("1", 1, "UDP", 2130706431L, "192.0.2.1", 5000, CandidateType.HOST).build()),
                Arguments.of("server-reflexive with raddr/rport (RFC 8839 §5.1 example)",
                        "2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998",
                        base("2", 1, "UDP", 1694498815L, "192.0.2.3", 45664, CandidateType.SRFLX)
                                .related("203.0.113.141", 8998).build()),
                Arguments.of("peer-reflexive", "3 1 UDP 1853824767 198.51.100.7 61000 typ prflx raddr 10.0.0.2 rport 5000",
                        base("3", 1, "UDP", 1853824767L, "198.51.100.7", 61000, CandidateType.PRFLX)
                                .related("10.0.0.2", 5000).build()),
                Arguments.of("relay, component 2", "0ac90002 2 UDP 254 10.201.0.1 49198 typ relay raddr 10.201.0.1 rport 45373",
                        base("0ac90002", 2, "UDP", 254, "10.201.0.1", 49198, CandidateType.RELAY)
                                .related("10.201.0.1", 45373).build()),
                Arguments.of("IPv6 host", "4 1 UDP 2130706175 2001:db8::1 5002 typ host",
                        base("4", 1, "UDP", 2130706175L, "2001:db8::1", 5002, CandidateType.HOST).build()),
                Arguments.of("IPv6 srflx with IPv6 raddr",
                        "5 1 UDP 1694498559 2001:db8:0:1::5 40000 typ srflx raddr fe80::1 rport 5002",
                        base("5", 1, "UDP", 1694498559L, "2001:db8:0:1::5", 40000, CandidateType.SRFLX)
                                .related("fe80::1", 5002).build()),
                Arguments.of("privacy raddr 0.0.0.0 rport 9", "6 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 0.0.0.0 rport 9",
                        base("6", 1, "UDP", 1694498815L, "192.0.2.3", 45664, CandidateType.SRFLX)
                                .related("0.0.0.0", 9).build()),
                Arguments.of("FQDN", "7 1 UDP 2130706431 media.example.com 5000 typ host",
                        base("7", 1, "UDP", 2130706431L, "media.example.com", 5000, CandidateType.HOST).build()),
                Arguments.of("mDNS .local name", "8 1 udp 2122260223 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54321 typ host",
                        base("8", 1, "udp", 2122260223L, "1f4712db-ea17-4bcf-a596-105139dfd8bf.local", 54321,
                                CandidateType.HOST).build()),
                Arguments.of("TCP active (RFC 6544 §4.5, port 9)", "9 1 TCP 1518280447 192.0.2.1 9 typ host tcptype active",
                        base("9", 1, "TCP", 1518280447L, "192.0.2.1", 9, CandidateType.HOST).tcpType("active").build()),
                Arguments.of("TCP passive", "10 1 TCP 1518214911 192.0.2.1 5060 typ host tcptype passive",
                        base("10", 1, "TCP", 1518214911L, "192.0.2.1", 5060, CandidateType.HOST).tcpType("passive").build()),
                Arguments.of("TCP simultaneous-open srflx",
                        "11 1 tcp 1518149375 203.0.113.9 5061 typ srflx raddr 192.0.2.1 rport 5061 tcptype so",
                        base("11", 1, "tcp", 1518149375L, "203.0.113.9", 5061, CandidateType.SRFLX)
                                .related("192.0.2.1", 5061).tcpType("so").build()),
                Arguments.of("browser extensions keep their order",
                        "842163049 1 udp 1677729535 203.0.113.5 60769 typ srflx raddr 10.0.0.5 rport 60769 generation 0 network-id 1 network-cost 10",
                        base("842163049", 1, "udp", 1677729535L, "203.0.113.5", 60769, CandidateType.SRFLX)
                                .related("10.0.0.5", 60769).extension("generation", "0").extension("network-id", "1")
                                .extension("network-cost", "10").build()),
                Arguments.of("extensions in another order keep it",
                        "1 1 UDP 2130706431 192.0.2.1 5000 typ host network-cost 50 ufrag EsAw generation 3",
                        base("1", 1, "UDP", 2130706431L, "192.0.2.1", 5000, CandidateType.HOST)
                                .extension("network-cost", "50").extension("ufrag", "EsAw").extension("generation", "3")
                                .build()),
                Arguments.of("highest priority and component 256",
                        "x+/Z 256 UDP 2147483647 192.0.2.1 65535 typ host",
                        base("x+/Z", 256, "UDP", 2147483647L, "192.0.2.1", 65535, CandidateType.HOST).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parsesAndFormatsBack(String name, String value, IceCandidate expected) {
        IceCandidate parsed = IceCandidate.parse(value);

        assertEquals(expected, parsed);
        assertEquals(value, parsed.toSdpValue());
        assertEquals(parsed, IceCandidate.parse(parsed.toSdpValue()));
    }

    @Test
    void acceptsTheWholeLineAsInATrickleFragment() {
        assertEquals(IceCandidate.parse("1 1 UDP 2130706431 192.0.2.1 5000 typ host"),
                IceCandidate.parse("a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host"));
    }

    @Test
    void extensionWrittenBeforeRaddrIsReadAndWrittenInCanonicalOrder() {
        IceCandidate c = IceCandidate.parse("1 1 UDP 1694498815 192.0.2.3 45664 typ srflx generation 0 raddr 10.0.0.1 rport 5000");

        assertEquals("10.0.0.1", c.relatedAddress());
        assertEquals(Integer.valueOf(5000), c.relatedPort());
        assertEquals(List.of(new IceCandidate.Extension("generation", "0")), c.extensions());
        assertEquals("1 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.0.1 rport 5000 generation 0", c.toSdpValue());
    }

    @ParameterizedTest(name = "{0}: ipv6={1} fqdn={2} mdns={3}")
    @CsvSource({
            "192.0.2.1, false, false, false",
            "2001:db8::1, true, false, false",
            "::ffff:192.0.2.1, true, false, false",
            "media.example.com, false, true, false",
            "turn.example.com., false, true, false",
            "1f4712db-ea17-4bcf-a596-105139dfd8bf.local, false, true, true",
            "Host.LOCAL, false, true, true"})
    void classifiesTheAddress(String address, boolean ipv6, boolean fqdn, boolean mdns) {
        IceCandidate c = IceCandidate.parse("1 1 UDP 100 " + address + " 5000 typ host");

        assertEquals(ipv6, c.isIpv6());
        assertEquals(fqdn, c.isFqdn());
        assertEquals(mdns, c.isMdns());
    }

    @ParameterizedTest(name = "skipped: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1 1 UDP 2130706431 192.0.2.1 5000 typ foo                    | unknown candidate type 'typ foo'",
            "1 1 SCTP 2130706431 192.0.2.1 5000 typ host                  | unsupported transport 'SCTP'",
            "1 1 DCCP 2130706431 192.0.2.1 5000 typ host                  | unsupported transport 'DCCP'",
            "1 1 UDP 2130706431 300.1.2.3 5000 typ host                   | unrecognised address '300.1.2.3'",
            "1 1 UDP 2130706431 fe80::1%eth0 5000 typ host                | unrecognised address 'fe80::1%eth0'",
            "1 1 UDP 2130706431 192.0.2.1 5000 typ host generation        | malformed extension: 'generation' has no value",
            "1 1 UDP 2130706431 192.0.2.1 5000 typ host gen@ration 0      | malformed extension 'gen@ration 0'",
            "1 1 TCP 2130706431 192.0.2.1 9 typ host tcptype sideways     | unknown tcptype 'sideways'",
            "1 1 UDP 2130706431 192.0.2.1 5000 typ srflx raddr a raddr b  | malformed candidate: 'raddr' appears twice",
            "1 1 SCTP notanumber 192.0.2.1 5000 typ host                  | unsupported transport 'SCTP'"})
    void skipsWhatAnAgentMustIgnore(String value, String reason) {
        CandidateSkippedException e = assertThrows(CandidateSkippedException.class, () -> IceCandidate.parse(value));

        assertTrue(e.reason().startsWith(reason), e.reason());
        assertEquals(0, e.lineNumber());
        assertNull(e.line());
    }

    @ParameterizedTest(name = "error: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1 1 UDP 2130706431 192.0.2.1 5000 typ                     | candidate has 7 fields, needs at least 8",
            "1 1 UDP 2130706431 192.0.2.1 5000                          | candidate has 6 fields, needs at least 8",
            "1 1 UDP 2130706431 192.0.2.1 5000 type host                | candidate has 'type' where 'typ' must be",
            "1 x UDP 2130706431 192.0.2.1 5000 typ host                 | component-id 'x' is not 1*3DIGIT",
            "1 0 UDP 2130706431 192.0.2.1 5000 typ host                 | component-id 0 is outside 1..256",
            "1 257 UDP 2130706431 192.0.2.1 5000 typ host               | component-id 257 is outside 1..256",
            "1 1000 UDP 2130706431 192.0.2.1 5000 typ host              | component-id '1000' is not 1*3DIGIT",
            "1 1 UDP 0 192.0.2.1 5000 typ host                          | priority 0 is outside 1..2^31-1",
            "1 1 UDP 2147483648 192.0.2.1 5000 typ host                 | priority 2147483648 is outside 1..2^31-1",
            "1 1 UDP -5 192.0.2.1 5000 typ host                         | priority '-5' is not 1*10DIGIT",
            "1 1 UDP 2130706431 192.0.2.1 70000 typ host                | port 70000 is outside 0..65535",
            "1 1 UDP 2130706431 192.0.2.1 http typ host                 | port 'http' is not 1*5DIGIT",
            "a-b 1 UDP 2130706431 192.0.2.1 5000 typ host               | foundation 'a-b' contains '-', not an ice-char",
            "123456789012345678901234567890123 1 UDP 1 192.0.2.1 5 typ host | foundation '123456789012345678901234567890123' has 33 characters",
            "1 1 UDP 2130706431 192.0.2.3 5000 typ srflx raddr 10.0.0.1 rport x | rport 'x' is not 1*5DIGIT"})
    void rejectsABrokenCandidate(String value, String reason) {
        IceSdpException e = assertThrows(IceSdpException.class, () -> IceCandidate.parse(value));

        assertFalse(e instanceof CandidateSkippedException, "must be an error, not a skip: " + e.reason());
        assertTrue(e.reason().startsWith(reason), e.reason());
    }

    @Test
    void theBuilderChecksWhatTheParserChecks() {
        IceCandidate b = base("1", 1, "UDP", 100, "192.0.2.1", 5000, CandidateType.HOST).build();

        assertThrows(IceSdpException.class, () -> b.toBuilder().componentId(0).build());
        assertThrows(IceSdpException.class, () -> b.toBuilder().priority(IceCandidate.MAX_PRIORITY + 1).build());
        assertThrows(IceSdpException.class, () -> b.toBuilder().port(65536).build());
        assertThrows(IceSdpException.class, () -> b.toBuilder().foundation("").build());
        assertThrows(IceSdpException.class, () -> b.toBuilder().tcpType("sideways").build());
        assertThrows(IceSdpException.class, () -> b.toBuilder().extension("bad name", "1"));
        assertInstanceOf(IllegalArgumentException.class, new IceSdpException("an IceSdpException is an IllegalArgumentException"));
    }

    @Test
    void toBuilderDerivesAVariant() {
        IceCandidate srflx = IceCandidate.parse("2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.0.1 rport 8998 generation 0");

        IceCandidate rtcp = srflx.toBuilder().componentId(2).priority(1694498814).port(45665).relatedPort(8999).build();

        assertEquals("2 2 UDP 1694498814 192.0.2.3 45665 typ srflx raddr 10.0.0.1 rport 8999 generation 0", rtcp.toSdpValue());
        assertEquals("0", rtcp.extension("generation"));
        assertNull(rtcp.extension("network-id"));
        assertEquals(new TransportAddr("192.0.2.3", 45665), rtcp.transportAddr());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"host, HOST", "srflx, SRFLX", "prflx, PRFLX", "relay, RELAY", "RELAY, RELAY"})
    void candidateTypesHaveTheirSdpNames(String sdpName, CandidateType type) {
        assertEquals(Optional.of(type), CandidateType.fromSdp(sdpName));
        assertEquals(sdpName.toLowerCase(), type.sdpName());
    }

    @Test
    void anUnknownCandidateTypeHasNoEnumValue() {
        assertEquals(Optional.empty(), CandidateType.fromSdp("foo"));
    }

    private static IceCandidate.Builder base(String foundation, int component, String transport, long priority,
            String address, int port, CandidateType type) {
        return IceCandidate.builder().foundation(foundation).componentId(component).transport(transport)
                .priority(priority).address(address).port(port).type(type);
    }
}
