package org.sipice.sip.internal;

import javax.sip.message.Response;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;

/**
 * The 2xx answering one of our in-dialog offers (re-INVITE or UPDATE). An ICE answer to a restart
 * starts checks on the new generation; an ICE answer to a plain re-offer must keep the peer's
 * credentials (RFC 8839 §4.4.1.1.2); an answer without ICE, or with {@code a=ice-mismatch}, makes us
 * fall back to RFC 3264 without dropping the dialog ({@link IceFallback}, RFC 8839 §4.4.3.1,
 * §4.2.5), unless the call is relay-only: then it ends ({@link RelayOnlyRefusal}). Runs on the
 * call's executor.
 */
final class AnswerToOurOffer {
    private AnswerToOurOffer() {
    }

    static void take(CallBase call, Response response, String ourOffer, String ourMethod, boolean restarting) {
        IceDescription answer = null;
        try {
            if (SipMessages.hasSdp(response)) {
                answer = OfferAnswer.parse(response.getRawContent());
            }
        } catch (IceSdpException e) {
            call.emit(new CallEvent.Warning("malformed SDP answer to our " + ourMethod + ": " + e.getMessage()));
            return;
        }
        boolean relayOnly = RelayOnlyRefusal.applies(call);
        AnswerUse use = answer == null ? AnswerUse.UNUSABLE : AnswerUse.of(answer, false, relayOnly);
        if (use != AnswerUse.ICE) {
            if (answer != null && relayOnly) {
                RelayOnlyRefusal.endCall(call); // no plain media from our host address
                return;
            }
            if (use == AnswerUse.UNUSABLE
                    || !call.fallback.toPlain(answer, ourOffer, IceFallback.reason(answer, ourMethod))) {
                call.emit(new CallEvent.Warning("the 200 to our " + ourMethod + " carries no usable answer"));
            }
            return;
        }
        RemoteIce remote = OfferAnswer.remoteIce(answer).orElseThrow();
        if (restarting) {
            call.apply(new CallChange.ChecksStarted(remote));
        } else if (IceRestart.isRestart(call.remoteIce, remote)) {
            call.emit(new CallEvent.Warning("the answer changed the ICE credentials without a restart; ignored"));
        }
    }
}
