package org.sipice.sip;

import java.time.Duration;
import org.sipice.ice.IceEvent;

/**
 * Everything a call reports, as values: SIP messages, ICE events and call milestones. A call's
 * events are delivered in order on its executor, never on a JAIN-SIP thread.
 */
public sealed interface CallEvent {

    /** Which way a SIP message went. */
    enum Direction { SENT, RECEIVED }

    /**
     * A SIP message sent or received by the call.
     *
     * @param direction sent or received
     * @param label request method ({@code INVITE}) or status line ({@code 183 Session Progress})
     * @param cseqMethod the CSeq method (for responses: which request they answer)
     * @param hasSdp true when the message carries an SDP body
     * @param reliable true for a reliable provisional response (Require: 100rel)
     */
    record SipMessage(Direction direction, String label, String cseqMethod, boolean hasSdp, boolean reliable)
            implements CallEvent {
        /** {@code "200 OK (INVITE)"} for responses, the method for requests. */
        public String describe() {
            boolean response = Character.isDigit(label.charAt(0));
            return label + (response ? " (" + cseqMethod + ")" : "") + (reliable ? " [100rel]" : "")
                    + (hasSdp ? " +SDP" : "");
        }
    }

    /** An event of the call's ICE session. */
    record Ice(IceEvent event) implements CallEvent {
    }

    /**
     * The ringing gate opened: 180 Ringing may go out and the user may be alerted.
     *
     * @param held how long alerting waited for ICE since the INVITE arrived
     * @param iceReady true if every component had a selected pair (false: gate timed out)
     */
    record RingingGateOpened(Duration held, boolean iceReady) implements CallEvent {
    }

    /** 200 OK and ACK exchanged. */
    record Established() implements CallEvent {
    }

    /**
     * The call ended.
     *
     * @param reason why (BYE, CANCEL, a status, an ICE failure)
     * @param failure true if the call did not end normally
     */
    record Ended(String reason, boolean failure) implements CallEvent {
    }

    /** A protocol irregularity that did not end the call (for example a changed answer copy). */
    record Warning(String message) implements CallEvent {
    }

    /**
     * We sent an updated offer after ICE completed (RFC 8839 §4.3.4, RFC 5245 §9.1.2.2): the
     * peer did not advertise {@code ice2} and a selected local candidate differs from the default
     * candidate we signalled, so the offer moves {@code c=}/{@code m=} to the selected pair and
     * lists the pair's remote candidates in {@code a=remote-candidates}.
     *
     * @param method {@code UPDATE} or {@code INVITE}
     * @param reason which defaults moved, e.g. {@code component 1: 127.0.0.2:4000 -> 127.0.0.1:4000}
     * @param sdp the offer as sent
     */
    record UpdatedOfferSent(String method, String reason, String sdp) implements CallEvent {
    }

    /**
     * An event of the ICE session of a forked early dialog that is not (yet) the call's session:
     * each early dialog with its own answer (distinct To-tag) gets its own session and check list
     * (RFC 3261 §12.1, RFC 8839 §7).
     *
     * @param toTag the fork's To-tag
     * @param event the fork session's event
     */
    record ForkIce(String toTag, IceEvent event) implements CallEvent {
    }

    /**
     * A forked early dialog was released: another fork answered with a 2xx (or the call ended), so
     * its ICE session was closed and its sockets freed (RFC 3261 §13.2.2.4).
     *
     * @param toTag the fork's To-tag
     * @param reason why
     */
    record ForkReleased(String toTag, String reason) implements CallEvent {
    }

    /**
     * ICE is not used for the media: the answer to our offer carried no ICE attributes (an
     * ICE-unaware peer, B2BUA or media server, RFC 8839 §4.4.3.1) or {@code a=ice-mismatch}
     * (RFC 8839 §4.2.5), or we answered {@code a=ice-mismatch} ourselves. The ICE session is closed,
     * media is plain RFC 3264 between the addresses in {@code c=}/{@code m=} (re-install a
     * receive handler on {@link Call#media()}), and our next offer restarts ICE.
     *
     * @param reason why, e.g. {@code "the answer to our INVITE has no ICE attributes"}
     * @param remote where our RTP now goes (the peer's {@code c=}/{@code m=})
     * @param local where we receive RTP
     */
    record IceNotUsed(String reason, String remote, String local) implements CallEvent {
    }
}
