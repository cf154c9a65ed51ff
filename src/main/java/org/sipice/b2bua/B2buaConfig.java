package org.sipice.b2bua;

import java.util.Objects;

/** Immutable settings of a {@link B2bua}, on top of the {@code CallConfig} each of its legs uses. */
public final class B2buaConfig {

    /** When the caller hears 180 Ringing. */
    public enum RingingWaitsFor {
        /**
         * The incoming leg's own ringing gate only (RFC 8839 §7.1.1 on that leg): the caller may
         * hear ringing before the callee's leg can carry media.
         */
        INCOMING_LEG,
        /**
         * Both legs ICE-ready: the incoming leg's gate also waits for the outgoing leg's selected
         * pairs, so ringing means media can flow end to end (no ghost ring across the B2BUA).
         */
        BOTH_LEGS
    }

    /** When the outgoing leg's INVITE (and so its gathering) starts. */
    public enum OutgoingLegStart {
        /**
         * As soon as the incoming INVITE names the destination, in parallel with answering the
         * incoming leg: RFC 8839 §7.5 asks to gather as soon as the new destination
         * is known, to hide ICE's latency.
         */
        ON_INVITE,
        /**
         * After the incoming leg's early answer went out: gathering one leg after the other.
         * Exists to measure what {@link #ON_INVITE} saves; not for production.
         */
        AFTER_INCOMING_ANSWER
    }

    /** RFC 3261 §21.4.5: 404 Not Found, the route function knows no destination. */
    public static final int DEFAULT_NO_ROUTE_STATUS = 404;

    private final RingingWaitsFor ringingWaitsFor;
    private final OutgoingLegStart outgoingLegStart;
    private final int noRouteStatus;

    private B2buaConfig(Builder b) {
        this.ringingWaitsFor = b.ringingWaitsFor;
        this.outgoingLegStart = b.outgoingLegStart;
        this.noRouteStatus = b.noRouteStatus;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: ringing when both legs are ICE-ready, outgoing leg on the INVITE, 404 without route. */
    public static B2buaConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder().ringingWaitsFor(ringingWaitsFor).outgoingLegStart(outgoingLegStart)
                .noRouteStatus(noRouteStatus);
    }

    public RingingWaitsFor ringingWaitsFor() {
        return ringingWaitsFor;
    }

    public OutgoingLegStart outgoingLegStart() {
        return outgoingLegStart;
    }

    public int noRouteStatus() {
        return noRouteStatus;
    }

    @Override
    public String toString() {
        return "B2buaConfig{ringing=" + ringingWaitsFor + ", outgoing=" + outgoingLegStart + ", noRoute="
                + noRouteStatus + "}";
    }

    /** Builder for {@link B2buaConfig}. */
    public static final class Builder {
        private RingingWaitsFor ringingWaitsFor = RingingWaitsFor.BOTH_LEGS;
        private OutgoingLegStart outgoingLegStart = OutgoingLegStart.ON_INVITE;
        private int noRouteStatus = DEFAULT_NO_ROUTE_STATUS;

        private Builder() {
        }

        public Builder ringingWaitsFor(RingingWaitsFor value) {
            this.ringingWaitsFor = Objects.requireNonNull(value);
            return this;
        }

        public Builder outgoingLegStart(OutgoingLegStart value) {
            this.outgoingLegStart = Objects.requireNonNull(value);
            return this;
        }

        public Builder noRouteStatus(int status) {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("the no-route status is a final 3xx-6xx: " + status);
            }
            this.noRouteStatus = status;
            return this;
        }

        public B2buaConfig build() {
            return new B2buaConfig(this);
        }
    }
}
