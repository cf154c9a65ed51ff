package org.sipice.profile;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sipice.ice.IceConfig;
import org.sipice.ice.NominationMode;
import org.sipice.sip.CallConfig;
import org.sipice.sip.EarlyAnswerMode;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.sip.SipTransport;
import org.sipice.sip.UpdatedOfferPolicy;

/**
 * The {@code sipice.*} keys a sip-profile understands, each with how its value is parsed and
 * which builder setting it feeds. A key not in this table is an error, so a misspelling cannot
 * silently fall back to a default.
 */
enum ProfileKey {
    HOST_ADDRESSES("host-addresses", (t, v) -> t.ice.hostAddresses(ProfileValues.ipAddresses(v))),
    STUN_SERVERS("stun-servers", ProfileKey::applyStunServers),
    TA_MS("ta-ms", (t, v) -> t.ice.ta(ProfileValues.millis(v))),
    GATHERING_TIMEOUT_MS("gathering-timeout-ms", (t, v) -> t.ice.gatheringTimeout(ProfileValues.millis(v))),
    CHECKS_TIMEOUT_MS("checks-timeout-ms", (t, v) -> t.ice.checksTimeout(ProfileValues.millis(v))),
    NOMINATION("nomination", (t, v) -> t.ice.nomination(ProfileValues.enumValue(v, NominationMode.class))),
    RTCP_MUX("rtcp-mux", (t, v) -> t.ice.rtcpMux(ProfileValues.bool(v))),
    EARLY_ANSWER("early-answer", (t, v) -> t.call.earlyAnswer(ProfileValues.enumValue(v, EarlyAnswerMode.class))),
    RINGING_GATE_TIMEOUT_MS("ringing-gate-timeout-ms",
            (t, v) -> t.call.ringingGateTimeout(ProfileValues.millis(v))),
    RINGING_GATE_POLICY("ringing-gate-policy",
            (t, v) -> t.call.ringingGatePolicy(ProfileValues.enumValue(v, RingingGatePolicy.class))),
    // RFC 3261 §21.4-21.6: only 4xx, 5xx and 6xx are final failure responses.
    GATE_FAILURE_STATUS("gate-failure-status",
            (t, v) -> t.call.gateFailureStatus(ProfileValues.intInRange(v, 400, 699))),
    // RFC 3262 §4: whether our INVITEs offer reliable provisional responses (Supported: 100rel).
    SUPPORTS_100REL("100rel", (t, v) -> t.call.supports100rel(ProfileValues.bool(v))),
    // RFC 5768 §4.3: Require: ice on our INVITEs, 421 for offers without ICE.
    ICE_REQUIRED("ice-required", (t, v) -> t.call.iceRequired(ProfileValues.bool(v))),
    // RFC 8839 §4.2.1.5; interop testing only: false behaves as an RFC 5245 agent (no ice2).
    ADVERTISE_ICE2("advertise-ice2", (t, v) -> t.call.advertiseIce2(ProfileValues.bool(v))),
    // RFC 3261 §20.5, RFC 3311: list UPDATE in Allow and use it for in-dialog offers when the peer allows it.
    ALLOW_UPDATE("allow-update", (t, v) -> t.call.allowUpdate(ProfileValues.bool(v))),
    USER_AGENT("user-agent", (t, v) -> t.call.userAgent(ProfileValues.text(v))),
    TURN_SERVERS("turn-servers", (t, v) -> t.turnServers = ProfileValues.commaList(v)),
    TURN_USERNAME("turn-username", (t, v) -> t.turnUsername = ProfileValues.text(v)),
    TURN_PASSWORD("turn-password", (t, v) -> t.turnPassword = ProfileValues.text(v)),
    // coturn's use-auth-secret (docs/PROFILES.md): credentials derived from a shared secret.
    TURN_SECRET("turn-secret", (t, v) -> t.turnSecret = ProfileValues.text(v)),
    // RFC 8656 §3.1, RFC 6125: the CA certificates a turns: server's certificate is checked against.
    TURN_CA_FILE("turn-ca-file", (t, v) -> t.turnCaFile = ProfileValues.text(v)),
    RELAY_ONLY("relay-only", (t, v) -> t.ice.relayOnly(ProfileValues.bool(v))),
    // RFC 4787 §4.1, as `sipice nat-probe` reports it: apdm gathers the TURN relay first.
    LOCAL_NAT_MAPPING("local-nat-mapping", (t, v) -> t.ice.relayFirst(ProfileValues.natMapping(v))),
    MAX_HOST_CANDIDATES("max-host-candidates", (t, v) -> t.ice.maxHostCandidates(ProfileValues.intInRange(v, 1, 64))),
    IPV6("ipv6", (t, v) -> t.ice.ipv6(ProfileValues.bool(v))),
    ALLOWED_INTERFACES("allowed-interfaces", (t, v) -> t.ice.allowedInterfaces(ProfileValues.commaList(v))),
    BLOCKED_INTERFACES("blocked-interfaces", (t, v) -> t.ice.blockedInterfaces(ProfileValues.commaList(v))),
    BLOCKED_ADDRESSES("blocked-addresses", (t, v) -> t.ice.blockedAddresses(ProfileValues.ipAddresses(v))),
    // Single-port mode for servers (docs/ENGINE.md, "UDP mux"); empty = a port per candidate.
    UDP_MUX("udp-mux", (t, v) -> t.ice.udpMux(ProfileValues.socketAddressOrNone(v))),
    // RFC 6544 ICE-TCP host candidates (off by default); udp-blocked signals them whatever ice-tcp says.
    ICE_TCP("ice-tcp", (t, v) -> t.ice.iceTcp(ProfileValues.bool(v))),
    UDP_BLOCKED("udp-blocked", (t, v) -> t.ice.udpBlocked(ProfileValues.bool(v))),
    // RFC 8445 §11: Tr never below 15 s in production; tests may go lower through code, not profiles.
    KEEPALIVE_INTERVAL_MS("keepalive-interval-ms", (t, v) -> t.ice.keepaliveInterval(ProfileValues.millis(v))),
    // RFC 7675 §5.1: checks every 5 s on average, never below 4 s; expiry after 30 s.
    CONSENT_INTERVAL_MS("consent-interval-ms", (t, v) -> t.ice.consentInterval(ProfileValues.millis(v))),
    CONSENT_TIMEOUT_MS("consent-timeout-ms", (t, v) -> t.ice.consentTimeout(ProfileValues.millis(v))),
    TRACE_LEVEL("trace-level", (t, v) -> t.traceLevel = ProfileValues.logLevel(v)),
    // The trace masks a=ice-pwd and SRTP keys (SdpSecrets) unless this is true (CLI --show-secrets).
    TRACE_SECRETS("trace-secrets", (t, v) -> t.traceSecrets = ProfileValues.bool(v)),
    // RFC 8839 §4.3.4: the controlling agent's updated offer toward an RFC 5245 (non-ice2) peer.
    UPDATED_OFFER("updated-offer",
            (t, v) -> t.call.updatedOffer(ProfileValues.enumValue(v, UpdatedOfferPolicy.class))),
    // RFC 3261 §18: the transport SipEndpoint listens and sends SIP on; RFC 8839 §9.2.2 for TLS.
    SIP_TRANSPORT("sip-transport", (t, v) -> t.sipTransport = SipTransport.parse(ProfileValues.text(v))),
    // SIP over TLS (docs/PROFILES.md): our certificate (PKCS#12), and whom we trust as a client.
    TLS_KEYSTORE("tls-keystore", (t, v) -> t.tlsKeyStore = ProfileValues.text(v)),
    TLS_KEYSTORE_PASSWORD("tls-keystore-password", (t, v) -> t.tlsKeyStorePassword = v),
    TLS_CA_FILE("tls-ca-file", (t, v) -> t.tlsCaFile = v.isEmpty() ? null : v),
    TLS_FINGERPRINTS("tls-fingerprints", (t, v) -> t.tlsFingerprints = ProfileValues.commaList(v)),
    // Sessions gathered before the call needs them (IceSessionPool); 0 = none.
    CANDIDATE_POOL_SIZE("candidate-pool-size",
            (t, v) -> t.call.candidatePoolSize(ProfileValues.intInRange(v, 0, CallConfig.MAX_CANDIDATE_POOL_SIZE)));

    /** Every sipice key starts with this. */
    static final String PREFIX = "sipice.";

    /** {@code sipice.stun-servers} value that asks for the demo's embedded STUN responder. */
    static final String EMBEDDED = "embedded";

    private final String key;
    private final BiConsumer<Target, String> apply;

    ProfileKey(String suffix, BiConsumer<Target, String> apply) {
        this.key = PREFIX + suffix;
        this.apply = apply;
    }

    /** The full key, e.g. {@code sipice.ta-ms}. */
    String key() {
        return key;
    }

    /** The builders a profile's sipice keys are applied to, in order of the keys. */
    static final class Target {
        final IceConfig.Builder ice = IceConfig.builder();
        final CallConfig.Builder call = CallConfig.builder();
        boolean embeddedStun;
        String traceLevel;
        boolean traceSecrets;
        List<String> turnServers = List.of();
        String turnUsername;
        String turnPassword;
        String turnSecret;
        String turnCaFile;
        SipTransport sipTransport = SipTransport.UDP;
        String tlsKeyStore;
        String tlsKeyStorePassword;
        String tlsCaFile;
        List<String> tlsFingerprints = List.of();
    }

    /**
     * Applies one setting to {@code target}.
     *
     * @throws ProfileException naming the file, key, value and what is wrong with it
     */
    static void apply(Target target, ProfileReader.Setting setting) {
        ProfileKey known = Stream.of(values()).filter(k -> k.key.equals(setting.key())).findFirst()
                .orElseThrow(() -> unknown(setting));
        String value = setting.value().trim();
        try {
            known.apply.accept(target, value);
        } catch (ProfileValues.InvalidValue e) {
            throw new ProfileException(setting.source() + ": " + known.key + "=" + value + " " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // A builder's own check, e.g. IceConfig refusing a Ta below 5 ms (RFC 8445 §14.2).
            throw new ProfileException(setting.source() + ": " + known.key + "=" + value + " is refused: "
                    + e.getMessage(), e);
        }
    }

    private static void applyStunServers(Target target, String value) {
        List<String> items = ProfileValues.commaList(value);
        if (items.stream().anyMatch(EMBEDDED::equalsIgnoreCase)) {
            if (items.size() > 1) {
                throw new ProfileValues.InvalidValue("mixes " + EMBEDDED + " with servers; use one or the other");
            }
            target.embeddedStun = true;
            target.ice.stunServers(List.of());
            return;
        }
        target.embeddedStun = false;
        target.ice.stunServers(ProfileValues.stunServers(items));
    }

    /** Every full key, in declaration order. */
    static List<String> keys() {
        return Stream.of(values()).map(ProfileKey::key).collect(Collectors.toList());
    }

    private static ProfileException unknown(ProfileReader.Setting setting) {
        String known = String.join(", ", keys());
        String hint = Spelling.hint(setting.key(), keys());
        return new ProfileException(setting.source() + ": unknown key " + setting.key() + hint
                + "; known sipice keys are " + known);
    }
}
