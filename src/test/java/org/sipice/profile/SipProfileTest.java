package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.ice.IceConfig;
import org.sipice.ice.NominationMode;
import org.sipice.ice.StunServer;
import org.sipice.sip.CallConfig;
import org.sipice.sip.EarlyAnswerMode;
import org.sipice.sip.RingingGatePolicy;

class SipProfileTest {

    private static final String DEMO = "sip-profiles/loopback-demo.properties";

    @TempDir
    Path dir;

    @Test
    void loopbackDemoLoadsByName() throws Exception {
        SipProfile profile = SipProfile.load("loopback-demo");

        assertEquals("loopback-demo", profile.name());
        Properties stack = profile.stackProperties();
        // One worker and one event thread: messages of a dialog reach sipice in arrival order.
        assertEquals("1", stack.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertEquals("false", stack.getProperty("gov.nist.javax.sip.REENTRANT_LISTENER"));
        assertEquals("65536", stack.getProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE"));
        assertEquals("8000", stack.getProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT"));
        assertEquals("true", stack.getProperty("gov.nist.javax.sip.AUTOMATIC_DIALOG_ERROR_HANDLING"));
        assertLoggers(stack);
        assertEquals("DEBUG", stack.getProperty("sipice.trace-level"));
        // docs/JAIN-SIP.md §8: IP_ADDRESS makes a second stack on 127.0.0.1 the first one again.
        assertNull(stack.getProperty("javax.sip.IP_ADDRESS"));
        assertNull(stack.getProperty("javax.sip.STACK_NAME"));
        assertEquals(List.of("sipice.trace-level"),
                stack.stringPropertyNames().stream().filter(k -> k.startsWith("sipice.")).toList());

        assertTrue(profile.embeddedStun());
        IceConfig ice = profile.callConfig().ice();
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), ice.hostAddresses());
        assertEquals(List.of(), ice.stunServers());
        assertEquals(Duration.ofMillis(20), ice.ta());
        assertEquals(Duration.ofMillis(800), ice.gatheringTimeout());
        assertEquals(NominationMode.REGULAR, ice.nomination());
        assertFalse(ice.rtcpMux());
        CallConfig call = profile.callConfig();
        assertEquals(EarlyAnswerMode.AUTO, call.earlyAnswer());
        assertEquals(Duration.ofSeconds(10), call.ringingGateTimeout());
        assertEquals(RingingGatePolicy.FAIL, call.ringingGatePolicy());
        assertEquals(480, call.gateFailureStatus());
    }

    @Test
    void theRepositoryCopyOfLoopbackDemoIsTheOneOnTheClassPath() throws IOException {
        byte[] root = Files.readAllBytes(Path.of(DEMO));
        assertArrayEquals(root, Files.readAllBytes(Path.of("src/main/resources", DEMO)),
                "sip-profiles/ and src/main/resources/sip-profiles/ drifted apart: copy one over the other");
        try (InputStream in = SipProfile.class.getClassLoader().getResourceAsStream(DEMO)) {
            assertArrayEquals(root, in.readAllBytes());
        }
    }

    @Test
    void aPathLoadsTheSameProfileAsTheName() {
        SipProfile byPath = SipProfile.load(DEMO);
        SipProfile byName = SipProfile.load("loopback-demo");
        assertEquals(byName.stackProperties(), byPath.stackProperties());
        assertEquals(byName.toString(), byPath.toString());
        assertEquals("loopback-demo", SipProfile.load(Path.of(DEMO)).name());
    }

    @Test
    void aMisspelledKeyNamesTheFileTheKeyAndTheLikelyIntent() throws IOException {
        Path file = write("typo.properties", "sipice.ta-msx=20");

        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.load(file));

        assertTrue(e.getMessage().startsWith("typo.properties: unknown key sipice.ta-msx (did you mean sipice.ta-ms?)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("sipice.early-answer"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void aKeyOutsideTheKnownNamespacesIsAnError() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> SipProfile.parse("x.properties", props("javax.sdp.FOO", "1")));
        assertTrue(e.getMessage().startsWith("x.properties: unknown key javax.sdp.FOO;"), e.getMessage());
    }

    @Test
    void aBadEnumValueNamesTheChoices() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> SipProfile.parse("loopback-demo.properties", props("sipice.early-answer", "FOO")));
        assertEquals("loopback-demo.properties: sipice.early-answer=FOO is not one of TRYING_100, RELIABLE_183, RETRANSMITTED_183, AUTO",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "sipice.ta-ms                   | abc              | is not a whole number of milliseconds",
        "sipice.ta-ms                   | 3                | is refused: Ta below 5 ms violates RFC 8445 §14.2",
        "sipice.gathering-timeout-ms    | 0                | is not a positive number of milliseconds",
        "sipice.checks-timeout-ms       | -5               | is not a positive number of milliseconds",
        "sipice.ringing-gate-timeout-ms | 1.5              | is not a whole number of milliseconds",
        "sipice.gate-failure-status     | 200              | is not a number from 400 to 699",
        "sipice.rtcp-mux                | yes              | is not one of true, false",
        "sipice.nomination              | EAGER            | is not one of REGULAR, AGGRESSIVE",
        "sipice.ringing-gate-policy     | RING             | is not one of RING_ANYWAY, FAIL",
        "sipice.trace-level             | LOUD             | is not one of OFF, ERROR, WARN, INFO, DEBUG, TRACE",
        "sipice.host-addresses          | localhost        | has localhost, which is not an IP address",
        "sipice.host-addresses          | 127.0.0.300      | has 127.0.0.300, which is not an IP address",
        "sipice.host-addresses          | '127.0.0.1,,::1' | has an empty item",
        "sipice.stun-servers            | 'embedded, 192.0.2.1:3478' | mixes embedded with servers",
        "sipice.stun-servers            | 192.0.2.1:99999  | has a bad STUN server 192.0.2.1:99999",
        "sipice.user-agent              | ''               | is empty",
        "sipice.udp-mux                 | 192.0.2.1        | is not HOST:PORT with a port from 1 to 65535",
        "sipice.udp-mux                 | 192.0.2.1:0      | is not HOST:PORT with a port from 1 to 65535",
        "sipice.udp-mux                 | 2001:db8::1:5000 | is not HOST:PORT (write an IPv6 address as [2001:db8::1]:PORT)",
        "sipice.udp-mux                 | localhost:5000   | has localhost, which is not an IP address",
        "sipice.udp-mux                 | 0.0.0.0:5000     | is refused: udp-mux needs a local IP address",
    })
    void aBadValueNamesTheFileTheKeyAndWhatIsWrong(String key, String value, String complaint) {
        ProfileException e = assertThrows(ProfileException.class,
                () -> SipProfile.parse("bad.properties", props(key, value)));
        assertTrue(e.getMessage().startsWith("bad.properties: " + key + "=" + value.trim() + " " + complaint),
                e.getMessage());
    }

    @Test
    void valuesAreReadInTheirOwnWords() throws Exception {
        SipProfile profile = SipProfile.parse("custom", props(
                "sipice.host-addresses", "127.0.0.1, ::1",
                "sipice.stun-servers", "192.0.2.1:3479, 198.51.100.2",
                "sipice.rtcp-mux", "TRUE",
                "sipice.early-answer", "reliable_183",
                "sipice.user-agent", "demo/1 ünïcode",
                "gov.nist.javax.sip.THREAD_POOL_SIZE", "8   "));

        IceConfig ice = profile.callConfig().ice();
        assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), ice.hostAddresses());
        assertEquals(List.of(StunServer.parse("192.0.2.1:3479"), StunServer.parse("198.51.100.2:3478")),
                ice.stunServers());
        assertFalse(profile.embeddedStun());
        assertTrue(ice.rtcpMux());
        assertEquals(EarlyAnswerMode.RELIABLE_183, profile.callConfig().earlyAnswer());
        assertEquals("demo/1 ünïcode", profile.callConfig().userAgent());
        assertEquals("8", profile.stackProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertEquals("custom", profile.name());
    }

    @Test
    void udpMuxIsOneHostAndPortAndEmptyMeansAPortPerCandidate() throws Exception {
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 10000)),
                SipProfile.parse("server", props("sipice.udp-mux", " 192.0.2.10:10000 ")).callConfig().ice().udpMux());
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5000)),
                SipProfile.parse("server6", props("sipice.udp-mux", "[2001:db8::1]:5000")).callConfig().ice().udpMux());
        assertEquals(Optional.empty(),
                SipProfile.parse("phone", props("sipice.udp-mux", "")).callConfig().ice().udpMux());
        assertEquals(Optional.empty(), SipProfile.load("b2bua").callConfig().ice().udpMux(), "shipped empty");
    }

    @Test
    void anEmptyProfileHasTheBuilderDefaultsAndOurLoggers() {
        SipProfile profile = SipProfile.parse("empty.properties", new Properties());

        assertEquals("empty", profile.name());
        assertLoggers(profile.stackProperties());
        assertNull(profile.stackProperties().getProperty("sipice.trace-level"));
        assertEquals(CallConfig.builder().build().toString(), profile.callConfig().toString());
        assertFalse(profile.embeddedStun());
    }

    @Test
    void aProfileMayNameOtherLoggers() {
        SipProfile profile = SipProfile.parse("own.properties",
                props("gov.nist.javax.sip.STACK_LOGGER", "com.example.MyLogger"));
        assertEquals("com.example.MyLogger", profile.stackProperties().getProperty("gov.nist.javax.sip.STACK_LOGGER"));
    }

    @Test
    void stackPropertiesAreACopy() {
        SipProfile profile = SipProfile.load("loopback-demo");
        profile.stackProperties().setProperty("javax.sip.STACK_NAME", "alice");
        assertNull(profile.stackProperties().getProperty("javax.sip.STACK_NAME"));
    }

    @Test
    void aChildOverridesItsParentKeyByKey() throws IOException {
        write("base.properties", "sipice.ta-ms=30", "sipice.early-answer=TRYING_100",
                "gov.nist.javax.sip.THREAD_POOL_SIZE=4");
        Path child = write("child.properties", "extends=base", "sipice.ta-ms=50");

        SipProfile profile = SipProfile.load(child);

        assertEquals("child", profile.name());
        assertEquals(Duration.ofMillis(50), profile.callConfig().ice().ta());
        assertEquals(EarlyAnswerMode.TRYING_100, profile.callConfig().earlyAnswer());
        assertEquals("4", profile.stackProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertNull(profile.stackProperties().getProperty("extends"));
    }

    @Test
    void aChildMayExtendAProfileOnTheClassPath() throws IOException {
        Path child = write("mux.properties", "extends=loopback-demo", "sipice.rtcp-mux=true");

        SipProfile profile = SipProfile.load(child.toString());

        assertTrue(profile.callConfig().ice().rtcpMux());
        assertTrue(profile.embeddedStun());
        assertEquals("1", profile.stackProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
    }

    @Test
    void aMissingParentNamesTheChildAndThePlacesLookedIn() throws IOException {
        Path child = write("orphan.properties", "extends=nope");

        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.load(child));

        assertTrue(e.getMessage().startsWith("orphan.properties: extends=nope: no sip-profile named nope (looked in "),
                e.getMessage());
        assertTrue(e.getMessage().contains("class path sip-profiles/nope.properties"), e.getMessage());
    }

    @Test
    void aBadValueInAParentNamesTheParentFile() throws IOException {
        write("parent.properties", "sipice.gate-failure-status=302");
        Path child = write("kid.properties", "extends=parent.properties");

        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.load(child));

        assertTrue(e.getMessage().startsWith("parent.properties: sipice.gate-failure-status=302 "), e.getMessage());
    }

    @Test
    void anExtendsCycleIsAnError() throws IOException {
        write("a.properties", "extends=b");
        write("b.properties", "extends=a");

        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.load(dir.resolve("a.properties")));

        assertEquals("a.properties: extends cycle a.properties -> b.properties -> a.properties", e.getMessage());
    }

    @Test
    void anUnknownNameSaysWhereItLooked() {
        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.load("no-such-profile"));
        assertTrue(e.getMessage().startsWith("no sip-profile named no-such-profile (looked in class path "),
                e.getMessage());
    }

    @Test
    void turnServersTakeTheLongTermCredentialsAndEngineKeysReachTheIceConfig() {
        SipProfile profile = SipProfile.parse("turn", props(
                "sipice.turn-servers", "turn:127.0.0.1:3478, 127.0.0.1:3479?transport=tcp",
                "sipice.turn-username", "alice",
                "sipice.turn-password", "secret",
                "sipice.relay-only", "true",
                "sipice.max-host-candidates", "3",
                "sipice.ipv6", "false",
                "sipice.blocked-interfaces", "docker0, tun0",
                "sipice.consent-timeout-ms", "30000"));
        org.sipice.ice.IceConfig ice = profile.callConfig().ice();
        assertEquals(2, ice.turnServers().size());
        assertEquals(3479, ice.turnServers().get(1).address().getPort());
        assertEquals(org.sipice.ice.TurnServer.Transport.UDP, ice.turnServers().get(0).transport());
        assertEquals(org.sipice.ice.TurnServer.Transport.TCP, ice.turnServers().get(1).transport());
        assertEquals("alice", ice.turnServers().get(0).username());
        assertEquals("secret", ice.turnServers().get(0).password());
        assertTrue(ice.relayOnly());
        assertEquals(3, ice.maxHostCandidates());
        assertTrue(!ice.ipv6());
        assertEquals(List.of("docker0", "tun0"), ice.blockedInterfaces());
        assertEquals(30, ice.consentTimeout().toSeconds());
    }

    @Test
    void aTurnSecretGivesEveryServerCoturnsTimeLimitedCredentialsForADay() {
        long before = java.time.Instant.now().getEpochSecond();
        SipProfile profile = SipProfile.parse("turn", props(
                "sipice.turn-servers", "turn:127.0.0.1:3478, 127.0.0.1:3479?transport=tcp",
                "sipice.turn-username", "alice",
                "sipice.turn-secret", "shared"));
        long after = java.time.Instant.now().getEpochSecond();

        List<org.sipice.ice.TurnServer> servers = profile.callConfig().ice().turnServers();
        assertEquals(2, servers.size());
        org.sipice.ice.TurnServer udp = servers.get(0);
        long expiry = Long.parseLong(udp.username().substring(0, udp.username().indexOf(':')));
        assertTrue(expiry >= before + 86_400 && expiry <= after + 86_400, udp.username());
        assertEquals(expiry + ":alice", udp.username());
        org.sipice.ice.TurnServer fixed = org.sipice.ice.TurnServer.withSharedSecret(udp.address(), "alice", "shared",
                java.time.Instant.ofEpochSecond(expiry), org.sipice.ice.TurnServer.Transport.UDP);
        assertEquals(fixed.password(), udp.password());
        // Renewed for each new allocation (TurnServer.credentialsAt), a day each time.
        assertEquals(new org.sipice.ice.TurnServer.SharedSecret("alice", "shared", java.time.Duration.ofHours(24)),
                udp.sharedSecret());
        assertEquals(org.sipice.ice.TurnServer.Transport.TCP, servers.get(1).transport());
        assertEquals(udp.password(), servers.get(1).password(), "one user name, one password for all");
    }

    @Test
    void aTurnsServerIsReachedOverTlsCheckedAgainstTheTurnCaFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path ca = dir.resolve("ca.pem");
        org.sipice.internal.tls.CertificateAuthority.create("profile CA", java.time.Duration.ofDays(1))
                .writeCertificatePem(ca);
        SipProfile profile = SipProfile.parse("turn", props(
                "sipice.turn-servers", "turns:127.0.0.1, turn:127.0.0.1:3478",
                "sipice.turn-username", "alice",
                "sipice.turn-password", "secret",
                "sipice.turn-ca-file", ca.toString()));

        List<org.sipice.ice.TurnServer> servers = profile.callConfig().ice().turnServers();
        assertEquals(org.sipice.ice.TurnServer.Transport.TLS, servers.get(0).transport());
        assertEquals(5349, servers.get(0).address().getPort());
        assertEquals(ca, servers.get(0).caFile());
        assertEquals("turns:127.0.0.1:5349 (user alice)", servers.get(0).toString());
        assertEquals(org.sipice.ice.TurnServer.Transport.UDP, servers.get(1).transport());
    }

    @Test
    void aTurnCaFileThatCannotBeReadIsAnErrorNamingTheKey() {
        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.parse("turn.properties", props(
                "sipice.turn-servers", "turns:127.0.0.1", "sipice.turn-username", "alice",
                "sipice.turn-password", "p", "sipice.turn-ca-file", "/no/such/ca.pem")));
        assertTrue(e.getMessage().contains("sipice.turn-ca-file=/no/such/ca.pem is not a readable file"),
                e.getMessage());
    }

    @Test
    void aTurnSecretAndAPasswordTogetherAreAnError() {
        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.parse("turn.properties", props(
                "sipice.turn-servers", "127.0.0.1:3478", "sipice.turn-username", "alice",
                "sipice.turn-password", "p", "sipice.turn-secret", "s")));
        assertTrue(e.getMessage().contains("takes either sipice.turn-password or sipice.turn-secret, not both"),
                e.getMessage());
    }

    @Test
    void aTurnServerWithoutItsPasswordIsAnErrorNamingTheKeys() {
        ProfileException e = assertThrows(ProfileException.class, () -> SipProfile.parse("turn.properties", props(
                "sipice.turn-servers", "127.0.0.1:3478", "sipice.turn-username", "alice")));
        assertEquals("turn.properties: sipice.turn-servers needs sipice.turn-username and sipice.turn-password"
                + " (TURN long-term credentials, RFC 8489 §9.2); missing: sipice.turn-password", e.getMessage());
    }

    @Test
    void relayOnlyWithoutATurnServerIsRefused() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> SipProfile.parse("private", props("sipice.relay-only", "true")));
        assertTrue(e.getMessage().startsWith("private.properties: relay-only needs at least one TURN server"),
                e.getMessage());
    }

    private static void assertLoggers(Properties stack) {
        assertEquals("org.sipice.internal.logging.Log4j2StackLogger",
                stack.getProperty("gov.nist.javax.sip.STACK_LOGGER"));
        assertEquals("org.sipice.internal.logging.Log4j2ServerLogger",
                stack.getProperty("gov.nist.javax.sip.SERVER_LOGGER"));
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static Properties props(String... keysAndValues) {
        Properties props = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }
}
