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
 * {@link #toBuilder()}; nothing global changes when one session uses a different value. What a
 * setting is when not set, and why: {@link IceDefaults}.
 */
public final class IceConfig {

    /** A private copy of the builder it was built from, its lists immutable; never changed. */
    private final Builder values;

    private IceConfig(Builder b) {
        this.values = new Builder(b, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(values, false);
    }

    /**
     * Addresses to bind host candidates on, most preferred first. Empty means the addresses of
     * the machine's interfaces, filtered and ordered as {@code HostCandidatePolicy} describes
     * (no loopback, no link-local, real links before virtual ones); non-empty means exactly these,
     * loopback included. {@link #ipv6()}, {@link #blockedAddresses()} and
     * {@link #maxHostCandidates()} apply to both.
     */
    public List<InetAddress> hostAddresses() {
        return values.hostAddresses;
    }

    /** Interface names host candidates may use; empty = any (when {@link #hostAddresses()} is empty). */
    public List<String> allowedInterfaces() {
        return values.allowedInterfaces;
    }

    /** Interface names host candidates never use. */
    public List<String> blockedInterfaces() {
        return values.blockedInterfaces;
    }

    /** Addresses host candidates never use. */
    public List<InetAddress> blockedAddresses() {
        return values.blockedAddresses;
    }

    /** At most this many host candidates per component. */
    public int maxHostCandidates() {
        return values.maxHostCandidates;
    }

    /** Whether IPv6 host candidates are gathered. */
    public boolean ipv6() {
        return values.ipv6;
    }

    /**
     * RFC 8421 §4: with both families, candidates interleave IPv6 and IPv4 in local preference,
     * IPv6 first (the default) or, when false, IPv4 first. Pairs never mix families either way.
     */
    public boolean preferIpv6() {
        return values.preferIpv6;
    }

    public List<StunServer> stunServers() {
        return values.stunServers;
    }

    /** TURN servers for relayed candidates (UDP, long-term credentials). */
    public List<TurnServer> turnServers() {
        return values.turnServers;
    }

    /** Privacy: only relayed candidates are signalled and used; no host or reflexive address leaves. */
    public boolean relayOnly() {
        return values.relayOnly;
    }

    /** Tr: keepalive interval on selected pairs (RFC 8445 §11). */
    public Duration keepaliveInterval() {
        return values.keepaliveInterval;
    }

    /** Mean interval of consent checks (RFC 7675 §5.1). */
    public Duration consentInterval() {
        return values.consentInterval;
    }

    /** Consent expires after this long without an authenticated response (RFC 7675 §5.1). */
    public Duration consentTimeout() {
        return values.consentTimeout;
    }

    public Duration ta() {
        return values.ta;
    }

    public Duration gatheringTimeout() {
        return values.gatheringTimeout;
    }

    public Duration checksTimeout() {
        return values.checksTimeout;
    }

    public NominationMode nomination() {
        return values.nomination;
    }

    /** True for one component carrying RTP and RTCP (RFC 5761); false for RTP on 1, RTCP on 2. */
    public boolean rtcpMux() {
        return values.rtcpMux;
    }

    /**
     * Relay first, for a host behind an address-and-port-dependent mapping NAT (RFC 4787 §4.1,
     * e.g. found by {@code sipice nat-probe}): its server-reflexive address only works toward the
     * STUN server, so the TURN allocation is requested first and the separate STUN Binding is
     * skipped (the Allocate response carries the same server-reflexive address, RFC 8656 §7.3).
     * The relayed candidate is then ready one STUN transaction earlier. No effect without TURN.
     */
    public boolean relayFirst() {
        return values.relayFirst;
    }

    /**
     * Single-port mode for servers ({@code sipice.udp-mux}): every session of the process shares
     * one UDP port at this address for its host candidates; what arrives is routed by the ufrag
     * of the STUN USERNAME, then by 5-tuple (docs/ENGINE.md, "UDP mux", with its one limit).
     * Empty (the default): each candidate has its own port.
     */
    public Optional<InetSocketAddress> udpMux() {
        return Optional.ofNullable(values.udpMux);
    }

    /**
     * ICE-TCP ({@code sipice.ice-tcp}, RFC 6544): host TCP candidates, active and passive, are
     * gathered and signalled beside the UDP ones, and checked with the peer's. Off by default: a
     * softphone's UDP path is preferred anyway (RFC 6544 §4.2) and TCP adds sockets per call.
     */
    public boolean iceTcp() {
        return values.iceTcp;
    }

    /**
     * UDP is known to be blocked on this host's network ({@code sipice.udp-blocked}): host TCP
     * candidates are always signalled, as if {@link #iceTcp()} were on (issue 13: the peer may
     * still reach us over TCP).
     */
    public boolean udpBlocked() {
        return values.udpBlocked;
    }

    /** Number of ICE components per media stream. */
    public int componentCount() {
        return values.rtcpMux ? 1 : 2;
    }

    @Override
    public String toString() {
        Builder v = values;
        return "IceConfig{hosts=" + v.hostAddresses + ", stun=" + v.stunServers + ", turn=" + v.turnServers
                + (v.relayOnly ? ", relay-only" : "") + ", ta=" + v.ta.toMillis()
                + "ms, gathering=" + v.gatheringTimeout.toMillis() + "ms, nomination=" + v.nomination
                + ", rtcpMux=" + v.rtcpMux + (v.udpMux != null ? ", udp-mux=" + v.udpMux : "")
                + (v.iceTcp ? ", ice-tcp" : "") + (v.udpBlocked ? ", udp-blocked" : "") + "}";
    }

    /** Builder for {@link IceConfig}. */
    public static final class Builder {
        private List<InetAddress> hostAddresses = new ArrayList<>();
        private List<String> allowedInterfaces = new ArrayList<>();
        private List<String> blockedInterfaces = new ArrayList<>();
        private List<InetAddress> blockedAddresses = new ArrayList<>();
        private int maxHostCandidates = IceDefaults.MAX_HOST_CANDIDATES;
        private boolean ipv6 = true;
        private boolean preferIpv6 = true;
        private List<StunServer> stunServers = new ArrayList<>();
        private List<TurnServer> turnServers = new ArrayList<>();
        private boolean relayOnly;
        private Duration keepaliveInterval = IceDefaults.KEEPALIVE_INTERVAL;
        private Duration consentInterval = IceDefaults.CONSENT_INTERVAL;
        private Duration consentTimeout = IceDefaults.CONSENT_TIMEOUT;
        private Duration ta = IceDefaults.TA;
        private Duration gatheringTimeout = IceDefaults.GATHERING_TIMEOUT;
        private Duration checksTimeout = IceDefaults.CHECKS_TIMEOUT;
        private boolean relayFirst;
        private boolean iceTcp;
        private boolean udpBlocked;
        private NominationMode nomination = NominationMode.REGULAR;
        private boolean rtcpMux;
        private InetSocketAddress udpMux;

        private Builder() {
        }

        /** A copy of {@code from}: {@code frozen} for an {@link IceConfig}'s own (immutable lists). */
        private Builder(Builder from, boolean frozen) {
            hostAddresses = copy(from.hostAddresses, frozen);
            allowedInterfaces = copy(from.allowedInterfaces, frozen);
            blockedInterfaces = copy(from.blockedInterfaces, frozen);
            blockedAddresses = copy(from.blockedAddresses, frozen);
            maxHostCandidates = from.maxHostCandidates;
            ipv6 = from.ipv6;
            preferIpv6 = from.preferIpv6;
            stunServers = copy(from.stunServers, frozen);
            turnServers = copy(from.turnServers, frozen);
            relayOnly = from.relayOnly;
            keepaliveInterval = from.keepaliveInterval;
            consentInterval = from.consentInterval;
            consentTimeout = from.consentTimeout;
            ta = from.ta;
            gatheringTimeout = from.gatheringTimeout;
            checksTimeout = from.checksTimeout;
            relayFirst = from.relayFirst;
            iceTcp = from.iceTcp;
            udpBlocked = from.udpBlocked;
            nomination = from.nomination;
            rtcpMux = from.rtcpMux;
            udpMux = from.udpMux;
        }

        private static <T> List<T> copy(List<T> list, boolean frozen) {
            return frozen ? List.copyOf(list) : new ArrayList<>(list);
        }

        public Builder hostAddresses(List<InetAddress> addresses) {
            hostAddresses = new ArrayList<>(addresses);
            return this;
        }

        public Builder addHostAddress(InetAddress address) {
            hostAddresses.add(Objects.requireNonNull(address));
            return this;
        }

        public Builder allowedInterfaces(List<String> names) {
            allowedInterfaces = new ArrayList<>(names);
            return this;
        }

        public Builder blockedInterfaces(List<String> names) {
            blockedInterfaces = new ArrayList<>(names);
            return this;
        }

        public Builder blockedAddresses(List<InetAddress> addresses) {
            blockedAddresses = new ArrayList<>(addresses);
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

        public Builder preferIpv6(boolean preferIpv6) {
            this.preferIpv6 = preferIpv6;
            return this;
        }

        public Builder turnServers(List<TurnServer> servers) {
            turnServers = new ArrayList<>(servers);
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
            stunServers = new ArrayList<>(servers);
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
