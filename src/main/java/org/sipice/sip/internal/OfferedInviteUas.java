package org.sipice.sip.internal;

import java.util.Optional;
import javax.sip.message.Response;
import org.sipice.ice.IceRole;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallState;

/**
 * An INVITE with an offer, callee side: parse it, check it (RFC 8839 §4.2.5 mismatch, RFC 5768
 * §4.3 ICE required), answer a peer without ICE from plain sockets ({@link UasWithoutIce}), else
 * gather a controlled session (RFC 8445 §6.1.1), answer early ({@link EarlyAnswer}) and start
 * checks; {@link UasCall} applies each result. An INVITE without one: {@link OfferlessInviteUas}.
 * Runs on the call's executor.
 */
final class OfferedInviteUas {
    private final UasCall call;
    private IceDescription offer;

    OfferedInviteUas(UasCall call) {
        this.call = call;
    }

    void accept() {
        try {
            offer = OfferAnswer.parse(call.invite.getRawContent());
        } catch (IceSdpException e) {
            // 488 Not Acceptable Here + Warning naming the problem (RFC 3261 §21.4.26).
            call.fail(Response.NOT_ACCEPTABLE_HERE, "malformed SDP: " + e.getMessage());
            return;
        }
        Optional<RemoteIce> remote = OfferAnswer.remoteIce(offer);
        Optional<String> mismatch = IceMismatch.check(offer); // RFC 8839 §4.2.5
        if (mismatch.isPresent()) {
            acceptWithoutIce(mismatch.get());
            return;
        }
        if (remote.isEmpty()) {
            if (call.context.config.iceRequired()) {
                // RFC 5768 §4.3: a UA that requires ICE answers 421 with Require: ice.
                call.fail(421, "ICE required: the offer has no ICE credentials or candidates");
            } else {
                acceptWithoutIce(null);
            }
            return;
        }
        call.apply(new CallChange.NewSession(call.context.sessions.create(IceRole.CONTROLLED, call::onIceEvent)));
        call.listener.incomingCall(call);
        if (call.state == CallState.ENDED) {
            return;
        }
        // Gathering starts at once (RFC 8839 §7.1.1), answering the INVITE as soon as it ends.
        call.ice.gather().whenComplete((local, error) -> call.serial.execute(
                () -> onGathered(local, error, remote.get())));
    }

    /** A peer without ICE, or an offer we answer {@code a=ice-mismatch}: plain RFC 3264 media. */
    private void acceptWithoutIce(String mismatch) {
        UasWithoutIce.Answer plain;
        try {
            plain = UasWithoutIce.answer(call, offer, mismatch);
        } catch (IllegalArgumentException e) {
            call.fail(Response.NOT_ACCEPTABLE_HERE, e.getMessage());
            return;
        }
        call.apply(new CallChange.PlainMedia(plain.media()));
        call.earlyExchange(plain.sdp(), EarlyAnswer.Sent.NOTHING);
        call.emit(plain.event());
        call.listener.incomingCall(call);
        if (call.state == CallState.ENDED) {
            return;
        }
        call.iceReady.complete(null); // media is usable now: nothing to check
        call.openGate(false);
    }

    private void onGathered(LocalIce local, Throwable error, RemoteIce remote) {
        if (call.state == CallState.ENDED) {
            return;
        }
        if (error != null) {
            call.fail(500, "ICE gathering failed: " + CallBase.rootMessage(error));
            return;
        }
        String answer;
        try {
            answer = OfferAnswer.answer(offer, local, call.context.config.ice().rtcpMux(), call.origin.next(),
                    call.context.config.ice().ta().toMillis());
        } catch (IllegalArgumentException e) {
            call.fail(488, e.getMessage());
            return;
        }
        try {
            call.earlyExchange(answer, EarlyAnswer.send(call, call.inviteTx, call.invite, answer, call.toTag,
                    call.context.config.earlyAnswer(), remote.iceLite(), call.trying.claim()));
        } catch (Exception e) {
            call.fail(500, "cannot send the early answer: " + e.getMessage());
            return;
        }
        call.apply(new CallChange.Described(local));
        call.apply(new CallChange.ChecksStarted(remote));
        call.armGate(MediaDirection.of(offer));
    }
}
