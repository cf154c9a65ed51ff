package org.sipice.sip.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;

/**
 * The early dialogs of our INVITE when a proxy forked it (RFC 3261 §12.1, §13.2.2.4), caller
 * side, on the call's executor.
 *
 * <p>Each early dialog (a distinct To-tag in an 18x or 2xx carrying SDP) is a fork with its own
 * answer, so it gets its own ICE session and check list against that fork's candidates (RFC 8839
 * §7.3). The first fork to answer takes the session our offer came from; each later one gets a
 * session from {@link IceSession#createFork}: a further check list on the same local candidates and credentials
 * (the offer's), told apart by the fork's ufrag in the checks and its 5-tuple. The fork whose 2xx comes
 * first becomes the call: its session is the call's from then on, every other fork's session is
 * closed ({@link CallEvent.ForkReleased}). A 2xx from another fork afterwards is ACKed and its
 * dialog ended with a BYE at once (RFC 3261 §13.2.2.4): without a proxy that CANCELs the other
 * branches, that is how the caller keeps one call.
 *
 * <p>A 100 Trying with SDP has no To-tag: it is taken as the first fork's answer (checks start at
 * once); the tagged response that repeats it claims that session.
 */
final class ForkedDialogs {

    /** One early dialog and the ICE session that checks against its answer (or offer). */
    private static final class Fork {
        final String toTag;
        /** The fork's SDP as first received: its answer, or its offer to an offerless INVITE. */
        final byte[] answer;
        final IceSession ice;
        long lastRseq = -1;
        boolean released;

        Fork(String toTag, byte[] answer, IceSession ice) {
            this.toTag = toTag;
            this.answer = answer;
            this.ice = ice;
        }
    }

    private final UacCall call;
    private final Map<String, Fork> forks = new LinkedHashMap<>();
    /** PRACKed RSeq by To-tag, for forks without SDP too (RFC 3262 §4: each new RSeq once). */
    private final Map<String, Long> lastRseq = new HashMap<>();
    /** The session our offer came from. */
    private IceSession first;
    /** The To-tag of the first 2xx: the call's dialog. */
    private String answeredTag;

    ForkedDialogs(UacCall call) {
        this.call = call;
    }

    static String toTag(Response response) {
        return ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
    }

    /**
     * An SDP answer in a response to our INVITE. Returns false if the call was aborted (an
     * unusable first answer).
     */
    boolean onAnswer(String tag, byte[] body) {
        if (tag == null) {
            return call.takeAnswer(body); // 100 Trying: no To-tag, the first fork's by assumption
        }
        Fork fork = forks.get(tag);
        if (fork != null) {
            if (!Arrays.equals(fork.answer, body)) {
                call.emit(new CallEvent.Warning("a later copy of the answer of fork " + tag
                        + " differs from the first; the first is kept"));
            }
            return true;
        }
        boolean firstSessionFree = forks.values().stream().noneMatch(f -> f.ice == call.ice);
        if (firstSessionFree && (call.answer == null || Arrays.equals(call.answer, body))) {
            forks.put(tag, new Fork(tag, body, call.ice));
            return call.takeAnswer(body);
        }
        startFork(tag, body);
        return true;
    }

    /** RFC 8839 §7: a new early dialog with its own answer gets its own, independent ICE session. */
    private void startFork(String tag, byte[] body) {
        Optional<RemoteIce> remote;
        try {
            remote = OfferAnswer.remoteIce(OfferAnswer.parse(body));
        } catch (IceSdpException e) {
            remote = Optional.empty();
        }
        if (remote.isEmpty() || call.localIce == null) {
            call.emit(new CallEvent.Warning("fork " + tag + ": no usable ICE answer; its early dialog gets no ICE"));
            return;
        }
        Fork[] self = new Fork[1];
        // One more check list on the candidates and credentials our offer carried (RFC 8839 §7.3).
        IceSession ice = IceSession.createFork(call.context.config.ice(), IceRole.CONTROLLING, first,
                call.localIce.credentials(), event -> call.serial.execute(() -> onForkIce(self[0], event)));
        self[0] = new Fork(tag, body, ice);
        forks.put(tag, self[0]);
        RemoteIce peer = remote.get();
        ice.gather().whenComplete((local, error) -> call.serial.execute(() -> {
            if (error == null && !self[0].released) {
                ice.start(peer);
            }
        }));
    }

    /**
     * Creates the session our offer comes from. Its events are the call's while it is the call's
     * session, the fork's ({@link CallEvent.ForkIce}) once another fork answered.
     */
    IceSession createFirst(IceRole role) {
        // From the application's candidate pool when it gave one (IceSessions).
        first = call.context.sessions.create(role, event -> {
            long at = call.context.timers.nanoTime();
            call.serial.execute(() -> onFirstIce(at, event));
        });
        return first;
    }

    private void onFirstIce(long at, IceEvent event) {
        // The first session stays the call's unless another fork's session replaced it (after an
        // RFC 3264 fallback the call has none, and the first session's events are still its own).
        boolean forkedAway = call.ice != first && call.ice != null
                && forks.values().stream().anyMatch(f -> f.ice == call.ice);
        if (!forkedAway) {
            call.onOwnIceEvent(at, event);
        } else {
            String tag = forks.values().stream().filter(f -> f.ice == first).map(f -> f.toTag).findFirst().orElse("");
            call.emit(at, new CallEvent.ForkIce(tag, event));
        }
    }

    // ---- forks of an offerless INVITE: each fork offers (OfferlessInviteUac) ----------------

    /** The SDP the fork {@code tag} sent first, or null for an unknown fork. */
    byte[] sdpOf(String tag) {
        Fork f = tag == null ? null : forks.get(tag);
        return f == null ? null : f.answer;
    }

    /** The first fork that offers takes the session created before the INVITE. */
    void adoptFirst(String tag, byte[] offer) {
        if (tag != null) {
            forks.putIfAbsent(tag, new Fork(tag, offer, call.ice));
        }
    }

    /**
     * Another fork offered (RFC 8839 §7): its own session, with its own credentials since we
     * answer each offer separately. Not gathered yet.
     */
    IceSession startOfferedFork(String tag, byte[] offer, IceRole role) {
        Fork[] self = new Fork[1];
        IceSession ice = IceSession.create(call.context.config.ice(), role,
                event -> call.serial.execute(() -> onForkIce(self[0], event)));
        self[0] = new Fork(tag, offer, ice);
        forks.put(tag, self[0]);
        return ice;
    }

    /** True if the fork {@code tag} was released (its session closed). */
    boolean isGone(String tag) {
        Fork f = tag == null ? null : forks.get(tag);
        return f != null && f.released;
    }

    /** A fork session's event: the call's own once that fork answered, else reported as the fork's. */
    private void onForkIce(Fork fork, IceEvent event) {
        if (fork.ice == call.ice) {
            call.emit(new CallEvent.Ice(event));
            call.handleIceEvent(event);
        } else {
            call.emit(new CallEvent.ForkIce(fork.toTag, event));
        }
    }

    /** True once per new RSeq of the fork {@code tag} (RFC 3262 §4: PRACK each once). */
    boolean newRseq(String tag, long rseq) {
        String key = tag == null ? "" : tag;
        if (rseq <= lastRseq.getOrDefault(key, -1L)) {
            return false;
        }
        lastRseq.put(key, rseq);
        return true;
    }

    /**
     * True if the 2xx of {@code tag} comes from a fork that never gave us a usable SDP while
     * another fork holds the call's session: that session checks against someone else.
     */
    boolean answeredWithoutSdp(String tag) {
        return tag != null && !forks.containsKey(tag) && forks.values().stream().anyMatch(f -> f.ice == call.ice);
    }

    /** True if a 2xx from {@code tag} comes after another fork's 2xx. */
    boolean isLateFork(String tag) {
        return answeredTag != null && !answeredTag.equals(tag);
    }

    /**
     * The first 2xx, from {@code tag}: that fork's session becomes the call's; every other fork's
     * session is released.
     */
    void onAnswered(String tag) {
        answeredTag = tag == null ? "" : tag;
        Fork chosen = tag == null ? null : forks.get(tag);
        if (call.ice == null) {
            // The 2xx's answer had no ICE (RFC 8839 §4.4.3.1): the fallback closed the session
            // already; only the other forks are left to release.
            forks.values().stream().filter(f -> f != chosen).forEach(f -> release(f, "fork " + tag + " answered"));
            return;
        }
        if (chosen != null && chosen.ice != call.ice) {
            IceSession first = call.ice;
            call.apply(new CallChange.NewSession(chosen.ice)); // closes the first session, also when it
                                                               // served only an untagged 100's answer
            forks.values().stream().filter(f -> f.ice == first).forEach(f -> release(f, "fork " + tag + " answered"));
            IceSession now = chosen.ice;
            if (now.completion().isDone() && !now.completion().isCompletedExceptionally()) {
                call.iceReady.complete(null);
            }
        }
        for (Fork f : forks.values()) {
            if (f != chosen && f.ice != call.ice) {
                release(f, "fork " + tag + " answered");
            }
        }
    }

    /** RFC 3261 §13.2.2.4: a 2xx from a second fork is ACKed, then its dialog ended with BYE. */
    void ackAndBye(Response response, Dialog forkDialog) {
        Fork fork = forks.get(toTag(response));
        if (fork != null) {
            release(fork, "a 2xx after fork " + answeredTag + " answered");
        }
        if (forkDialog == null) {
            call.emit(new CallEvent.Warning("a 2xx from fork " + toTag(response) + " without a dialog: not ACKed"));
            return;
        }
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = forkDialog.createAck(cseq);
            long at = call.context.timers.nanoTime();
            forkDialog.sendAck(ack);
            call.emit(at, SipMessages.sent(ack));
            Request bye = forkDialog.createRequest(Request.BYE);
            javax.sip.ClientTransaction ct = call.context.provider.getNewClientTransaction(bye);
            at = call.context.timers.nanoTime();
            forkDialog.sendRequest(ct);
            call.emit(at, SipMessages.sent(bye));
        } catch (Exception e) {
            call.emit(new CallEvent.Warning("cannot end fork " + toTag(response) + ": " + e.getMessage()));
        }
    }

    /** True for a response within a fork we released (the 200 to its BYE). */
    boolean isReleased(String tag) {
        return tag != null && answeredTag != null && !answeredTag.equals(tag);
    }

    /** The call ended: every fork's session goes. */
    void releaseAll(String why) {
        for (Fork f : forks.values()) {
            if (f.ice != call.ice) {
                release(f, why);
            }
        }
    }

    private void release(Fork fork, String why) {
        if (fork.released) {
            return;
        }
        fork.released = true;
        fork.ice.close();
        call.emit(new CallEvent.ForkReleased(fork.toTag, why));
    }
}
