package org.sipice.sip.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.RemoteCandidateRef;
import org.sipice.sdp.TransportAddr;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * The controlling agent's updated offer once ICE completed (RFC 8839 §4.3.4, RFC 5245 §9.1.2.2):
 * sent at most once per call, only to a peer that did not advertise {@code ice2} (an RFC 5245
 * agent, whose middleboxes may still watch {@code c=}/{@code m=}), and only if some selected local
 * candidate differs from the default we signalled. Same credentials (no restart), only the selected
 * local candidates, defaults moved to them, and {@code a=remote-candidates} naming the selected
 * remote candidates (RFC 8839 §4.4.1.2.2, §5.2). In an UPDATE if the peer allows it (RFC 3311),
 * else a re-INVITE once the dialog is confirmed. Runs on the call's executor.
 */
final class UpdatedOffer {
    private final CallBase call;
    private boolean iceCompleted;
    private boolean done;

    UpdatedOffer(CallBase call) {
        this.call = call;
    }

    /** ICE completed: the offer goes out now if the call is established, else after the ACK. */
    void onIceCompleted(boolean peerAllowsUpdate) {
        iceCompleted = true;
        maybeSend(peerAllowsUpdate);
    }

    /** The call is established (we ACKed the 200). */
    void onEstablished(boolean peerAllowsUpdate) {
        maybeSend(peerAllowsUpdate);
    }

    private void maybeSend(boolean peerAllowsUpdate) {
        if (done || !iceCompleted || call.state != CallState.ESTABLISHED || call.ice == null
                || call.localIce == null || call.remoteIce == null) {
            return;
        }
        if (call.context.config.updatedOffer() == org.sipice.sip.UpdatedOfferPolicy.NEVER) {
            done = true; // the profile turned it off (sipice.updated-offer=NEVER)
            return;
        }
        // RFC 8839 §4.3.4: an ice2 peer (RFC 8445) needs no updated offer.
        if (call.remoteIce.iceOptions().stream().anyMatch(OfferAnswer.ICE2::equalsIgnoreCase)) {
            done = true;
            return;
        }
        LocalIce local = call.localIce;
        List<IceCandidate> selected = new ArrayList<>();
        Map<Integer, TransportAddr> defaults = new HashMap<>();
        List<RemoteCandidateRef> remotes = new ArrayList<>();
        StringBuilder moved = new StringBuilder();
        for (Integer component : new java.util.TreeSet<>(local.defaults().keySet())) { // component order
            Optional<CandidatePairInfo> pair = call.ice.selectedPair(component);
            if (pair.isEmpty()) {
                return; // not every component has a selected pair yet
            }
            TransportAddr chosen = pair.get().local().transportAddr();
            TransportAddr signalled = local.defaults().get(component);
            if (!chosen.equals(signalled)) {
                moved.append(moved.length() == 0 ? "" : ", ").append("component ").append(component).append(": ")
                        .append(signalled).append(" -> ").append(chosen);
            }
            selected.add(pair.get().local());
            defaults.put(component, chosen);
            TransportAddr remote = pair.get().remote().transportAddr();
            remotes.add(new RemoteCandidateRef(component, remote.address(), remote.port()));
        }
        done = true;
        if (moved.length() == 0) {
            return; // RFC 8839 §4.3.4: the defaults already are the selected candidates
        }
        LocalIce updated = new LocalIce(local.credentials(), selected, defaults);
        String sdp = OfferAnswer.offer(updated, call.context.config.ice().rtcpMux(), call.origin.next(),
                call.context.config.ice().ta().toMillis());
        // One audio m= section: the media-level a=remote-candidates goes at its end (RFC 8839 §5.2).
        sdp = sdp + "a=remote-candidates:" + RemoteCandidateRef.formatList(remotes) + "\r\n";
        String method = peerAllowsUpdate ? javax.sip.message.Request.UPDATE : javax.sip.message.Request.INVITE;
        if (call.midCall.sendUpdatedOffer(sdp, peerAllowsUpdate)) {
            call.apply(new CallChange.Described(updated));
            call.emit(new CallEvent.UpdatedOfferSent(method, moved.toString(), sdp));
        } else {
            call.emit(new CallEvent.Warning("updated offer (RFC 8839 §4.3.4) not sent: another offer/answer "
                    + "exchange is in progress"));
        }
    }
}
