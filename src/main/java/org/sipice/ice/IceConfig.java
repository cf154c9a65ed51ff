package org.sipice.ice;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
     * time to the agent; ice4j's own failure (all pairs failed) usually comes first.
     */
    public static final Duration DEFAULT_CHECKS_TIMEOUT = Duration.ofSeconds(15);

    private final List<InetAddress> hostAddresses;
    private final List<StunServer> stunServers;
    private final Duration ta;
    private final Duration gatheringTimeout;
    private final Duration checksTimeout;
    private final NominationMode nomination;
    private final boolean rtcpMux;

    private IceConfig(Builder b) {
        this.hostAddresses = List.copyOf(b.hostAddresses);
        this.stunServers = List.copyOf(b.stunServers);
        this.ta = b.ta;
        this.gatheringTimeout = b.gatheringTimeout;
        this.checksTimeout = b.checksTimeout;
        this.nomination = b.nomination;
        this.rtcpMux = b.rtcpMux;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.hostAddresses.addAll(hostAddresses);
        b.stunServers.addAll(stunServers);
        b.ta = ta;
        b.gatheringTimeout = gatheringTimeout;
        b.checksTimeout = checksTimeout;
        b.nomination = nomination;
        b.rtcpMux = rtcpMux;
        return b;
    }

    /**
     * Addresses to bind host candidates on. Empty means every usable interface as ice4j finds
     * them (which skips loopback); non-empty means exactly these, loopback included.
     */
    public List<InetAddress> hostAddresses() {
        return hostAddresses;
    }

    public List<StunServer> stunServers() {
        return stunServers;
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

    /** Number of ICE components per media stream. */
    public int componentCount() {
        return rtcpMux ? 1 : 2;
    }

    @Override
    public String toString() {
        return "IceConfig{hosts=" + hostAddresses + ", stun=" + stunServers + ", ta=" + ta.toMillis()
                + "ms, gathering=" + gatheringTimeout.toMillis() + "ms, nomination=" + nomination
                + ", rtcpMux=" + rtcpMux + "}";
    }

    /** Builder for {@link IceConfig}. */
    public static final class Builder {
        private final List<InetAddress> hostAddresses = new ArrayList<>();
        private final List<StunServer> stunServers = new ArrayList<>();
        private Duration ta = DEFAULT_TA;
        private Duration gatheringTimeout = DEFAULT_GATHERING_TIMEOUT;
        private Duration checksTimeout = DEFAULT_CHECKS_TIMEOUT;
        private NominationMode nomination = NominationMode.REGULAR;
        private boolean rtcpMux;

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
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("gathering timeout must be positive");
            }
            this.gatheringTimeout = timeout;
            return this;
        }

        public Builder checksTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("checks timeout must be positive");
            }
            this.checksTimeout = timeout;
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

        public IceConfig build() {
            return new IceConfig(this);
        }
    }
}
