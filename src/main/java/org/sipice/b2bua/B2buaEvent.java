package org.sipice.b2bua;

import java.time.Duration;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;

/**
 * What a {@link B2bua} reports. Every event names its bridge by the incoming leg's Call-ID.
 * A bridge goes {@link OutgoingLegStarted} → {@link Bridged} → {@link TornDown}, with the legs'
 * own {@link LegEvent}s interleaved; a call without route is {@link Rejected} instead.
 */
public sealed interface B2buaEvent {

    /** The two calls of a bridge. */
    enum Leg {
        /** Caller side: the B2BUA is the UAS, ICE controlled (RFC 8839 §4.2.2, the answerer). */
        INCOMING,
        /** Callee side: the B2BUA is the UAC, ICE controlling (the offerer). */
        OUTGOING
    }

    /** The bridge: the incoming leg's Call-ID. */
    String bridge();

    /** An event of one leg, as its {@link org.sipice.sip.CallListener} would see it. */
    record LegEvent(String bridge, Leg leg, Call call, long atNanos, CallEvent event) implements B2buaEvent {
    }

    /**
     * The outgoing leg's INVITE is being prepared: its ICE session gathers from now on.
     *
     * @param afterInvite since the incoming INVITE arrived
     */
    record OutgoingLegStarted(String bridge, String destination, Duration afterInvite) implements B2buaEvent {
    }

    /**
     * Both legs have selected pairs for every component; media is relayed between them from now on.
     *
     * @param afterInvite since the incoming INVITE arrived
     */
    record Bridged(String bridge, Duration afterInvite) implements B2buaEvent {
    }

    /** The incoming call was refused before any outgoing leg (no route, or the route function failed). */
    record Rejected(String bridge, int status, String reason) implements B2buaEvent {
    }

    /**
     * Both legs have ended.
     *
     * @param cause the leg whose end (or failure) ended the bridge
     * @param reason why, as that leg reported it
     * @param relayed what the media relay carried
     * @param failure true when the bridge ended on a failure (a leg's ICE failed or lost consent,
     *     a final error response, a timeout) rather than a BYE or CANCEL
     */
    record TornDown(String bridge, Leg cause, String reason, RelayCounts relayed, boolean failure)
            implements B2buaEvent {
        public TornDown(String bridge, Leg cause, String reason, RelayCounts relayed) {
            this(bridge, cause, reason, relayed, false);
        }
    }

    /**
     * Datagrams (RTP and RTCP) and bytes relayed each way, those dropped on a send error, and the
     * longest time without RTP from each leg's peer while media was relayed, counted from that
     * peer's first packet until the relay stopped (0 when it sent none).
     */
    record RelayCounts(long toOutgoingPackets, long toOutgoingBytes, long toIncomingPackets, long toIncomingBytes,
            long dropped, long longestGapFromIncomingMillis, long longestGapFromOutgoingMillis) {
        public static final RelayCounts NONE = new RelayCounts(0, 0, 0, 0, 0);

        public RelayCounts(long toOutgoingPackets, long toOutgoingBytes, long toIncomingPackets,
                long toIncomingBytes, long dropped) {
            this(toOutgoingPackets, toOutgoingBytes, toIncomingPackets, toIncomingBytes, dropped, 0, 0);
        }
    }
}
