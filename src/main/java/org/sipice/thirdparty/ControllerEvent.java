package org.sipice.thirdparty;

import java.time.Duration;
import org.sipice.sip.CallEvent;

/** What a {@link ThirdPartyController} reports about one controlled call, as values. */
public sealed interface ControllerEvent {

    /** The controlled call: the Call-ID of the controller's dialog with party A. */
    String call();

    /**
     * A SIP message between the controller and a party.
     *
     * @param party {@code "A"}, {@code "B"}, {@code "C"}... as named at connect/transfer time
     * @param message as a sipice call would report it (sent or received, label, SDP)
     */
    record SipMessage(String call, String party, CallEvent.SipMessage message) implements ControllerEvent {
    }

    /**
     * Both parties have answered and have each other's SDP: ICE runs between them.
     *
     * @param took since {@link ThirdPartyController#connect} (or the transfer) was called
     */
    record Connected(String call, Flow flow, String a, String b, Duration took) implements ControllerEvent {
    }

    /** Party A now talks to {@code to}; the previous party got a BYE. */
    record Transferred(String call, String from, String to, Duration took) implements ControllerEvent {
    }

    /** Every dialog of the call has ended. */
    record Ended(String call, String reason, boolean failure) implements ControllerEvent {
    }
}
