package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipice.ice.IceDefaults;
import org.sipice.ice.IceConfig;
import org.sipice.ice.NominationMode;
import org.sipice.sip.CallConfig;
import org.sipice.sip.EarlyAnswerMode;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.sip.UpdatedOfferPolicy;

/**
 * The profiles we ship: every one loads by name from the class path (as the CLI finds them in
 * the jar), the repository's sip-profiles/ and the jar's copy are the same files, the
 * production ones carry the stack settings of docs/PROFILES.md, and each means what its name says.
 */
class SipProfilesShippedTest {
    private static final Path ROOT = Path.of("sip-profiles");
    private static final Path RESOURCES = Path.of("src/main/resources/sip-profiles");
    private static final List<String> REQUIRED = List.of("loopback-demo", "softphone", "lan", "stun", "turn",
            "relay-only", "aggressive", "behind-proxy", "b2bua");

    static List<String> shipped() throws IOException {
        try (Stream<Path> files = Files.list(ROOT)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length())).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyRequiredProfileIsShipped() throws IOException {
        assertTrue(shipped().containsAll(REQUIRED), "shipped: " + shipped());
    }

    @Test
    void bothDirectoriesHoldTheSameFilesByteForByte() throws IOException {
        List<String> resources;
        try (Stream<Path> files = Files.list(RESOURCES)) {
            resources = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(shipped().stream().map(n -> n + ".properties").collect(Collectors.toList()), resources,
                "sip-profiles/ and src/main/resources/sip-profiles/ list different files");
        for (String name : resources) {
            assertArrayEquals(Files.readAllBytes(ROOT.resolve(name)), Files.readAllBytes(RESOURCES.resolve(name)),
                    name + " drifted apart: copy sip-profiles/" + name + " over the resource");
        }
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void loadsByNameFromTheClassPath(String name) {
        SipProfile profile = SipProfile.load(name);
        assertEquals(name, profile.name());
        assertTrue(profile.callConfig() != null);
    }

    /** Production profiles stand alone (no extends) and set the stack's guards (docs/JAIN-SIP.md §5, §9). */
    @ParameterizedTest
    @MethodSource("shipped")
    void standaloneProfilesCarryTheProductionStackSettings(String name) throws IOException {
        Properties raw = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve(name + ".properties"))) {
            raw.load(in);
        }
        if (raw.containsKey("extends")) {
            return;
        }
        Properties stack = SipProfile.load(name).stackProperties();
        int pool = Integer.parseInt(stack.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "-1"));
        assertTrue(pool >= 1, name + ": THREAD_POOL_SIZE must be bounded, was " + pool);
        assertTrue(stack.containsKey("gov.nist.javax.sip.REENTRANT_LISTENER"), name);
        assertTrue(Integer.parseInt(stack.getProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "0")) >= 4096, name);
        // Every sipice key is written out, so the file documents every choice; credentials
        // (TURN's, our TLS key store) belong to an installation, not to a shipped profile.
        for (String key : ProfileKey.keys()) {
            if (!name.equals("loopback-demo") && !key.startsWith("sipice.turn-")
                    && !key.startsWith("sipice.tls-keystore")) {
                assertTrue(raw.containsKey(key), name + " does not set " + key);
            }
        }
    }

    @Test
    void lanUsesNoServer() {
        IceConfig ice = SipProfile.load("lan").callConfig().ice();
        assertEquals(List.of(), ice.stunServers());
        assertEquals(List.of(), ice.turnServers());
        assertFalse(ice.relayOnly());
    }

    @Test
    void stunGathersServerReflexiveButNoRelay() {
        IceConfig ice = SipProfile.load("stun").callConfig().ice();
        assertEquals(1, ice.stunServers().size());
        assertEquals(List.of(), ice.turnServers());
    }

    @Test
    void turnHasARelayWithCredentialsAndKeepsDirectPaths() {
        IceConfig ice = SipProfile.load("turn").callConfig().ice();
        assertEquals(1, ice.turnServers().size());
        assertFalse(ice.relayOnly());
        assertEquals(1, ice.stunServers().size());
    }

    @Test
    void relayOnlyHasARelayAndNoStun() {
        IceConfig ice = SipProfile.load("relay-only").callConfig().ice();
        assertTrue(ice.relayOnly());
        assertEquals(1, ice.turnServers().size());
        assertEquals(List.of(), ice.stunServers());
    }

    @Test
    void aggressiveNominatesOnEveryCheckWithRtcpMux() {
        CallConfig config = SipProfile.load("aggressive").callConfig();
        assertEquals(NominationMode.AGGRESSIVE, config.ice().nomination());
        assertTrue(config.ice().rtcpMux());
        assertTrue(config.ice().checksTimeout().compareTo(IceDefaults.CHECKS_TIMEOUT) < 0);
    }

    @Test
    void behindProxyAnswersInAReliable183AndOffers100rel() {
        CallConfig config = SipProfile.load("behind-proxy").callConfig();
        assertEquals(EarlyAnswerMode.RELIABLE_183, config.earlyAnswer());
        assertTrue(config.supports100rel());
    }

    @Test
    void b2buaKeepsACandidatePoolAndRingsAnyway() {
        SipProfile b2bua = SipProfile.load("b2bua");
        assertTrue(b2bua.callConfig().candidatePoolSize() > 0);
        assertEquals(RingingGatePolicy.RING_ANYWAY, b2bua.callConfig().ringingGatePolicy());
        assertTrue(Integer.parseInt(b2bua.stackProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE")) >= 8);
        assertEquals(UpdatedOfferPolicy.AUTO, b2bua.callConfig().updatedOffer());
    }
}
