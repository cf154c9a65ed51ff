package org.sipice.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable per-session ICE settings. Build one with {@link #builder()}, derive variants with
 * {@link #toBuilder()}; nothing global changes when one session uses a different value.
 */
public final class IceConfig {

    /**
     * Ta, the pacing of connectivity checks. RFC 8445 §14.2 defaults to 50 ms for new agents,
     * but RFC 5245 §16.1 allows 20 ms for RTP and every stack we interoperate with (pjnath,
     * libre, libnice, ice4j) uses 20 ms; both sides use the larger advertised value
     * (RFC 8839 §4.3.2).
     */
    public static final Duration DEFAULT_TA = Duration.ofMillis(20);

    /**
     * Gathering deadline. RFC 8839 §7.1.1 asks the answerer to answer "as soon as gathering
     * ends"; a silent STUN server must not delay the call, so gathering ends after this long
     * with whatever candidates exist (libnice caps it at 2 s, Linphone at 3.5 s).
     */
    public static final Duration DEFAULT_GATHERING_TIMEOUT = Duration.ofMillis(800);

    /**
     * How long checks may run before the session gives up. RFC 8445 §8.1.2 leaves the failure
     * time to the agent; the agent's own failure (every pair failed, §8.1.2) usually comes first.
     */
    public static final Duration DEFAULT_CHECKS_TIMEOUT = Duration.ofSeconds(15);

    /** RFC 8445 §11: Tr, the keepalive interval on selected pairs, never below 15 s. */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

    /** RFC 7675 §5.1: a consent check every 5 s on average (randomised 0.8-1.2). */
    public static final Duration DEFAULT_CONSENT_INTERVAL = Duration.ofSeconds(5);

    /** RFC 7675 §5.1: consent expires 30 s after the last authenticated response. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * At most this many host candidates per component: oversized INVITEs (Docker, VPN and
     * IPv6 addresses) are a top complaint against other stacks (pjproject issue 4457: "513 Message too big").
     */
    public static final int DEFAULT_MAX_HOST_CANDIDATES = 6;

    private final List<InetAddress> hostAddresses;
    private final List<String> allowedInterfaces;
    private final List<String> blockedInterfaces;
    private final List<InetAddress> blockedAddresses;
    private final int maxHostCandidates;
    private final boolean ipv6;
    private final List<StunServer> stunServers;
    private final List<TurnServer> turnServers;
    private final boolean relayOnly;
    private final Duration keepaliveInterval;
    private final Duration consentInterval;
    private final Duration consentTimeout;
    private final Duration ta;
    private final Duration gatheringTimeout;
    private final Duration checksTimeout;
    private final NominationMode nomination;
    private final boolean rtcpMux;
    private final boolean relayFirst;
    private final InetSocketAddress udpMux;
    private final boolean iceTcp;
    private final boolean udpBlocked;

    private IceConfig(Builder b) {
        this.hostAddresses = List.copyOf(b.hostAddresses);
        this.allowedInterfaces = List.copyOf(b.allowedInterfaces);
        this.blockedInterfaces = List.copyOf(b.blockedInterfaces);
        this.blockedAddresses = List.copyOf(b.blockedAddresses);
        this.maxHostCandidates = b.maxHostCandidates;
        this.ipv6 = b.ipv6;
        this.stunServers = List.copyOf(b.stunServers);
        this.turnServers = List.copyOf(b.turnServers);
        this.relayOnly = b.relayOnly;
        this.keepaliveInterval = b.keepaliveInterval;
        this.consentInterval = b.consentInterval;
        this.consentTimeout = b.consentTimeout;
        this.ta = b.ta;
        this.gatheringTimeout = b.gatheringTimeout;
        this.checksTimeout = b.checksTimeout;
        this.nomination = b.nomination;
        this.rtcpMux = b.rtcpMux;
        this.relayFirst = b.relayFirst;
        this.udpMux = b.udpMux;
        this.iceTcp = b.iceTcp;
        this.udpBlocked = b.udpBlocked;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.hostAddresses.addAll(hostAddresses);
        b.allowedInterfaces.addAll(allowedInterfaces);
        b.blockedInterfaces.addAll(blockedInterfaces);
        b.blockedAddresses.addAll(blockedAddresses);
        b.maxHostCandidates = maxHostCandidates;
        b.ipv6 = ipv6;
        b.stunServers.addAll(stunServers);
        b.turnServers.addAll(turnServers);
        b.relayOnly = relayOnly;
        b.keepaliveInterval = keepaliveInterval;
        b.consentInterval = consentInterval;
        b.consentTimeout = consentTimeout;
        b.ta = ta;
        b.gatheringTimeout = gatheringTimeout;
        b.checksTimeout = checksTimeout;
        b.nomination = nomination;
        b.rtcpMux = rtcpMux;
        b.relayFirst = relayFirst;
        b.udpMux = udpMux;
        b.iceTcp = iceTcp;
        b.udpBlocked = udpBlocked;
        return b;
    }

    /**
     * Addresses to bind host candidates on, most preferred first. Empty means the addresses of
     * the machine's interfaces, filtered and ordered as {@code HostCandidatePolicy} describes
     * (no loopback, no link-local, real links before virtual ones); non-empty means exactly these,
     * loopback included. {@link #ipv6()}, {@link #blockedAddresses()} and
     * {@link #maxHostCandidates()} apply to both.
     */
    public List<InetAddress> hostAddresses() {
        return hostAddresses;
    }

    /** Interface names host candidates may use; empty = any (when {@link #hostAddresses()} is empty). */
    public List<String> allowedInterfaces() {
        return allowedInterfaces;
    }

    /** Interface names host candidates never use. */
    public List<String> blockedInterfaces() {
        return blockedInterfaces;
    }

    /** Addresses host candidates never use. */
    public List<InetAddress> blockedAddresses() {
        return blockedAddresses;
    }

    /** At most this many host candidates per component. */
    public int maxHostCandidates() {
        return maxHostCandidates;
    }

    /** Whether IPv6 host candidates are gathered. */
    public boolean ipv6() {
        return ipv6;
    }

    public List<StunServer> stunServers() {
        return stunServers;
    }

    /** TURN servers for relayed candidates (UDP, long-term credentials). */
    public List<TurnServer> turnServers() {
        return turnServers;
    }

    /** Privacy: only relayed candidates are signalled and used; no host or reflexive address leaves. */
    public boolean relayOnly() {
        return relayOnly;
    }

    /** Tr: keepalive interval on selected pairs (RFC 8445 §11). */
    public Duration keepaliveInterval() {
        return keepaliveInterval;
    }

    /** Mean interval of consent checks (RFC 7675 §5.1). */
    public Duration consentInterval() {
        return consentInterval;
    }

    /** Consent expires after this long without an authenticated response (RFC 7675 §5.1). */
    public Duration consentTimeout() {
        return consentTimeout;
    }

    public Duration ta() {
        return ta;
    }

    public Duration gatheringTimeout() {
        return gatheringTimeout;
    }

    public Duration checksTimeout() {
        return checksTimeout;
    }

    public NominationMode nomination() {
        return nomination;
    }

    /** True for one component carrying RTP and RTCP (RFC 5761); false for RTP on 1, RTCP on 2. */
    public boolean rtcpMux() {
        return rtcpMux;
    }

    /**
     * Relay first, for a host behind an address-and-port-dependent mapping NAT (RFC 4787 §4.1,
     * e.g. found by {@code sipice nat-probe}): its server-reflexive address only works toward the
     * STUN server, so the TURN allocation is requested first and the separate STUN Binding is
     * skipped (the Allocate response carries the same server-reflexive address, RFC 8656 §7.3).
     * The relayed candidate is then ready one STUN transaction earlier. No effect without TURN.
     */
    public boolean relayFirst() {
        return relayFirst;
    }

    /**
     * Single-port mode for servers ({@code sipice.udp-mux}): every session of the process shares
     * one UDP port at this address for its host candidates; what arrives is routed by the ufrag
     * of the STUN USERNAME, then by 5-tuple (docs/ENGINE.md, "UDP mux", with its one limit).
     * Empty (the default): each candidate has its own port.
     */
    public Optional<InetSocketAddress> udpMux() {
        return Optional.ofNullable(udpMux);
    }

    /**
     * ICE-TCP ({@code sipice.ice-tcp}, RFC 6544): host TCP candidates, active and passive, are
     * gathered and signalled beside the UDP ones, and checked with the peer's. Off by default: a
     * softphone's UDP path is preferred anyway (RFC 6544 §4.2) and TCP adds sockets per call.
     */
    public boolean iceTcp() {
        return iceTcp;
    }

    /**
     * UDP is known to be blocked on this host's network ({@code sipice.udp-blocked}): host TCP
     * candidates are always signalled, as if {@link #iceTcp()} were on (issue 13: the peer may
     * still reach us over TCP).
     */
    public boolean udpBlocked() {
        return udpBlocked;
    }

    /** Number of ICE components per media stream. */
    public int componentCount() {
        return rtcpMux ? 1 : 2;
    }

    @Override
    public String toString() {
        return "IceConfig{hosts=" + hostAddresses + ", stun=" + stunServers + ", turn=" + turnServers
                + (relayOnly ? ", relay-only" : "") + ", ta=" + ta.toMillis()
                + "ms, gathering=" + gatheringTimeout.toMillis() + "ms, nomination=" + nomination
                + ", rtcpMux=" + rtcpMux + (udpMux != null ? ", udp-mux=" + udpMux : "")
                + (iceTcp ? ", ice-tcp" : "") + (udpBlocked ? ", udp-blocked" : "") + "}";
    }

    /** Builder for {@link IceConfig}. */
    public static final class Builder {
        private final List<InetAddress> hostAddresses = new ArrayList<>();
        private final List<String> allowedInterfaces = new ArrayList<>();
        private final List<String> blockedInterfaces = new ArrayList<>();
        private final List<InetAddress> blockedAddresses = new ArrayList<>();
        private int maxHostCandidates = DEFAULT_MAX_HOST_CANDIDATES;
        private boolean ipv6 = true;
        private final List<StunServer> stunServers = new ArrayList<>();
        private final List<TurnServer> turnServers = new ArrayList<>();
        private boolean relayOnly;
        private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
        private Duration consentInterval = DEFAULT_CONSENT_INTERVAL;
        private Duration consentTimeout = DEFAULT_CONSENT_TIMEOUT;
        private Duration ta = DEFAULT_TA;
        private Duration gatheringTimeout = DEFAULT_GATHERING_TIMEOUT;
        private Duration checksTimeout = DEFAULT_CHECKS_TIMEOUT;
        private boolean relayFirst;
        private boolean iceTcp;
        private boolean udpBlocked;
        private NominationMode nomination = NominationMode.REGULAR;
        private boolean rtcpMux;
        private InetSocketAddress udpMux;

        private Builder() {
        }

        public Builder hostAddresses(List<InetAddress> addresses) {
            hostAddresses.clear();
            hostAddresses.addAll(addresses);
            return this;
        }

        public Builder addHostAddress(InetAddress address) {
            hostAddresses.add(Objects.requireNonNull(address));
            return this;
        }

        public Builder allowedInterfaces(List<String> names) {
            allowedInterfaces.clear();
            allowedInterfaces.addAll(names);
            return this;
        }

        public Builder blockedInterfaces(List<String> names) {
            blockedInterfaces.clear();
            blockedInterfaces.addAll(names);
            return this;
        }

        public Builder blockedAddresses(List<InetAddress> addresses) {
            blockedAddresses.clear();
            blockedAddresses.addAll(addresses);
            return this;
        }

        public Builder maxHostCandidates(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least one host candidate: " + max);
            }
            this.maxHostCandidates = max;
            return this;
        }

        public Builder ipv6(boolean ipv6) {
            this.ipv6 = ipv6;
            return this;
        }

        public Builder turnServers(List<TurnServer> servers) {
            turnServers.clear();
            turnServers.addAll(servers);
            return this;
        }

        public Builder addTurnServer(TurnServer server) {
            turnServers.add(Objects.requireNonNull(server));
            return this;
        }

        public Builder relayOnly(boolean relayOnly) {
            this.relayOnly = relayOnly;
            return this;
        }

        public Builder keepaliveInterval(Duration interval) {
            this.keepaliveInterval = positive(interval, "keepalive interval");
            return this;
        }

        public Builder consentInterval(Duration interval) {
            this.consentInterval = positive(interval, "consent interval");
            return this;
        }

        public Builder consentTimeout(Duration timeout) {
            this.consentTimeout = positive(timeout, "consent timeout");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }

        public Builder stunServers(List<StunServer> servers) {
            stunServers.clear();
            stunServers.addAll(servers);
            return this;
        }

        public Builder addStunServer(StunServer server) {
            stunServers.add(Objects.requireNonNull(server));
            return this;
        }

        public Builder ta(Duration ta) {
            if (ta.toMillis() < 5) {
                // RFC 8445 §14.2: never faster than one transaction every 5 ms.
                throw new IllegalArgumentException("Ta below 5 ms violates RFC 8445 §14.2: " + ta);
            }
            this.ta = ta;
            return this;
        }

        public Builder gatheringTimeout(Duration timeout) {
            this.gatheringTimeout = positive(timeout, "gathering timeout");
            return this;
        }

        public Builder checksTimeout(Duration timeout) {
            this.checksTimeout = positive(timeout, "checks timeout");
            return this;
        }

        public Builder nomination(NominationMode mode) {
            this.nomination = Objects.requireNonNull(mode);
            return this;
        }

        public Builder rtcpMux(boolean rtcpMux) {
            this.rtcpMux = rtcpMux;
            return this;
        }

        /** See {@link IceConfig#relayFirst()}; {@code sipice.local-nat-mapping=apdm} sets it. */
        public Builder relayFirst(boolean relayFirst) {
            this.relayFirst = relayFirst;
            return this;
        }

        /**
         * See {@link IceConfig#udpMux()}; null for none. The address is the host candidates' own
         * (RFC 8445 §5.1.1.1), so it must be a resolved, non-wildcard IP address.
         */
        public Builder udpMux(InetSocketAddress address) {
            if (address != null && (address.isUnresolved() || address.getAddress().isAnyLocalAddress())) {
                throw new IllegalArgumentException("udp-mux needs a local IP address, not " + address);
            }
            this.udpMux = address;
            return this;
        }

        /** See {@link IceConfig#iceTcp()}. */
        public Builder iceTcp(boolean iceTcp) {
            this.iceTcp = iceTcp;
            return this;
        }

        /** See {@link IceConfig#udpBlocked()}. */
        public Builder udpBlocked(boolean udpBlocked) {
            this.udpBlocked = udpBlocked;
            return this;
        }

        public IceConfig build() {
            if (relayOnly && turnServers.isEmpty()) {
                throw new IllegalStateException("relay-only needs at least one TURN server");
            }
            return new IceConfig(this);
        }
    }
}
