package org.sipice.sip;

import java.time.Duration;
import java.util.Objects;
import org.sipice.ice.IceConfig;

/**
 * Immutable per-call settings of the SIP layer, including the {@link IceConfig} used for every
 * ICE session of the call. Built from a sip-profile or in code.
 */
public final class CallConfig {

    /**
     * How long the UAS holds 180 Ringing waiting for selected pairs. RFC 8839 §7.1.1 asks to
     * delay alerting until every component has a valid pair; it sets no bound, so we take the
     * time a failing check list needs plus margin.
     */
    public static final Duration DEFAULT_RINGING_GATE_TIMEOUT = Duration.ofSeconds(10);

    /** RFC 3261 §21.4.18: 480 Temporarily Unavailable tells the caller to try again later. */
    public static final int DEFAULT_GATE_FAILURE_STATUS = 480;

    /** Largest {@link #candidatePoolSize()}: each pooled session holds sockets (and TURN allocations). */
    public static final int MAX_CANDIDATE_POOL_SIZE = 32;

    private final IceConfig ice;
    private final EarlyAnswerMode earlyAnswer;
    private final Duration ringingGateTimeout;
    private final RingingGatePolicy ringingGatePolicy;
    private final int gateFailureStatus;
    private final String userAgent;
    private final boolean supports100rel;
    private final boolean iceRequired;
    private final boolean advertiseIce2;
    private final UpdatedOfferPolicy updatedOffer;
    private final int candidatePoolSize;
    private final boolean allowUpdate;

    private CallConfig(Builder b) {
        this.ice = b.ice;
        this.earlyAnswer = b.earlyAnswer;
        this.ringingGateTimeout = b.ringingGateTimeout;
        this.ringingGatePolicy = b.ringingGatePolicy;
        this.gateFailureStatus = b.gateFailureStatus;
        this.userAgent = b.userAgent;
        this.supports100rel = b.supports100rel;
        this.iceRequired = b.iceRequired;
        this.advertiseIce2 = b.advertiseIce2;
        this.updatedOffer = b.updatedOffer;
        this.candidatePoolSize = b.candidatePoolSize;
        this.allowUpdate = b.allowUpdate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().ice(ice).earlyAnswer(earlyAnswer).ringingGateTimeout(ringingGateTimeout)
                .ringingGatePolicy(ringingGatePolicy).gateFailureStatus(gateFailureStatus).userAgent(userAgent)
                .supports100rel(supports100rel).iceRequired(iceRequired).advertiseIce2(advertiseIce2)
                .updatedOffer(updatedOffer).candidatePoolSize(candidatePoolSize)
                .allowUpdate(allowUpdate);
    }

    public IceConfig ice() {
        return ice;
    }

    public EarlyAnswerMode earlyAnswer() {
        return earlyAnswer;
    }

    public Duration ringingGateTimeout() {
        return ringingGateTimeout;
    }

    public RingingGatePolicy ringingGatePolicy() {
        return ringingGatePolicy;
    }

    public int gateFailureStatus() {
        return gateFailureStatus;
    }

    public String userAgent() {
        return userAgent;
    }

    /**
     * Whether our INVITEs carry {@code Supported: 100rel} (RFC 3262 §4). Off, a callee that
     * follows RFC 8839 §7.1.1 delivers its early answer in a retransmitted unreliable 18x instead.
     */
    public boolean supports100rel() {
        return supports100rel;
    }

    /**
     * Whether calls must use ICE (RFC 5768 §4.3): our INVITEs carry {@code Require: ice} and an
     * offer without ICE gets 421 Extension Required with {@code Require: ice}. Off (the default),
     * a peer without ICE gets a plain RFC 3264 answer and media goes to its {@code c=}/{@code m=}.
     */
    public boolean iceRequired() {
        return iceRequired;
    }

    /**
     * Whether our SDP carries {@code a=ice-options:ice2} (RFC 8839 §4.2.1.5), true by default.
     * Interop testing only: false makes us look like an RFC 5245 agent, whose peer then sends an
     * updated offer after ICE completes (RFC 8839 §4.3.4).
     */
    public boolean advertiseIce2() {
        return advertiseIce2;
    }

    /** Whether the caller sends an updated offer after ICE completes (RFC 8839 §4.3.4); AUTO by default. */
    public UpdatedOfferPolicy updatedOffer() {
        return updatedOffer;
    }

    /**
     * How many ICE sessions a user agent that keeps a candidate pool gathers in advance
     * ({@link org.sipice.ice.IceSessionPool#create(org.sipice.ice.IceConfig, int)}, e.g. the B2BUA);
     * 0 (the default) = no pool, each call gathers when it starts.
     */
    public int candidatePoolSize() {
        return candidatePoolSize;
    }

    /**
     * Whether we list UPDATE in {@code Allow} (RFC 3261 §20.5, RFC 3311 §5.1) and send in-dialog
     * offers (the updated offer) in an UPDATE when the peer allows it; true by default. False for
     * peers that mishandle UPDATE: only re-INVITEs then.
     */
    public boolean allowUpdate() {
        return allowUpdate;
    }

    @Override
    public String toString() {
        return "CallConfig{" + ice + ", earlyAnswer=" + earlyAnswer + ", gate=" + ringingGateTimeout.toMillis()
                + "ms/" + ringingGatePolicy + "}";
    }

    /** Builder for {@link CallConfig}. */
    public static final class Builder {
        private IceConfig ice = IceConfig.builder().build();
        private EarlyAnswerMode earlyAnswer = EarlyAnswerMode.AUTO;
        private Duration ringingGateTimeout = DEFAULT_RINGING_GATE_TIMEOUT;
        private RingingGatePolicy ringingGatePolicy = RingingGatePolicy.FAIL;
        private int gateFailureStatus = DEFAULT_GATE_FAILURE_STATUS;
        private String userAgent = "sipice/0.1";
        private boolean supports100rel = true;
        private boolean iceRequired;
        private boolean advertiseIce2 = true;
        private UpdatedOfferPolicy updatedOffer = UpdatedOfferPolicy.AUTO;
        private int candidatePoolSize;
        private boolean allowUpdate = true;

        private Builder() {
        }

        public Builder ice(IceConfig ice) {
            this.ice = Objects.requireNonNull(ice);
            return this;
        }

        public Builder earlyAnswer(EarlyAnswerMode mode) {
            this.earlyAnswer = Objects.requireNonNull(mode);
            return this;
        }

        public Builder ringingGateTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("ringing gate timeout must be positive");
            }
            this.ringingGateTimeout = timeout;
            return this;
        }

        public Builder ringingGatePolicy(RingingGatePolicy policy) {
            this.ringingGatePolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder gateFailureStatus(int status) {
            if (status < 400 || status > 699) {
                throw new IllegalArgumentException("gate failure status must be 4xx-6xx: " + status);
            }
            this.gateFailureStatus = status;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent);
            return this;
        }

        public Builder supports100rel(boolean supports100rel) {
            this.supports100rel = supports100rel;
            return this;
        }

        public Builder iceRequired(boolean iceRequired) {
            this.iceRequired = iceRequired;
            return this;
        }

        /** See {@link CallConfig#advertiseIce2()}: interop testing only. */
        public Builder advertiseIce2(boolean advertiseIce2) {
            this.advertiseIce2 = advertiseIce2;
            return this;
        }

        /** See {@link CallConfig#updatedOffer()}. */
        public Builder updatedOffer(UpdatedOfferPolicy policy) {
            this.updatedOffer = Objects.requireNonNull(policy);
            return this;
        }

        /** See {@link CallConfig#candidatePoolSize()}: 0 to {@link #MAX_CANDIDATE_POOL_SIZE}. */
        public Builder candidatePoolSize(int size) {
            if (size < 0 || size > MAX_CANDIDATE_POOL_SIZE) {
                throw new IllegalArgumentException("candidate pool size must be 0-" + MAX_CANDIDATE_POOL_SIZE + ": "
                        + size);
            }
            this.candidatePoolSize = size;
            return this;
        }

        /** See {@link CallConfig#allowUpdate()}. */
        public Builder allowUpdate(boolean allowUpdate) {
            this.allowUpdate = allowUpdate;
            return this;
        }

        public CallConfig build() {
            return new CallConfig(this);
        }
    }
}
