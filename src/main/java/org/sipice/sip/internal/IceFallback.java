package org.sipice.sip.internal;

import java.net.InetAddress;
import java.net.SocketException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.sdp.IceSdpException;
import org.sipice.sdp.TransportAddr;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * The offerer's fallback to plain RFC 3264 when the answer to our offer carries no ICE:
 *
 * <ul>
 * <li>no ICE attributes at all: an ICE-unaware peer, or an ICE-unaware B2BUA that put a media
 * server in the path (typically by 3PCC during hold). RFC 8839 §4.4.3.1: fall back to RFC 3264,
 * SHOULD NOT drop the dialog, restart ICE in the next offer;</li>
 * <li>{@code a=ice-mismatch}: the answerer saw our default destination missing from our candidates
 * (an ALG rewrote {@code c=}/{@code m=}); RFC 8839 §4.2.5: ICE is not used for the stream.</li>
 * </ul>
 *
 * The ICE session is closed (its TURN allocations deleted); media goes to the answer's
 * {@code c=}/{@code m=} from a {@link PlainRtpTransport} bound where our offer's {@code c=}/{@code m=}
 * said we receive (the default candidate's base). The next offer we send gathers a new ICE
 * session, so it carries fresh ufrag/pwd: an ICE restart (RFC 8839 §4.4.3.1, §4.4.1.1.1). Once that
 * session completes, the plain sockets are closed. Runs on the call's executor.
 */
final class IceFallback {
    private static final Logger LOG = LogManager.getLogger(IceFallback.class);
    /** How long the fallback waits for the ICE session to release the ports it rebinds (LoopSession's own wait). */
    private static final long RELEASE_WAIT_MS = 2000;

    private final CallBase call;
    /** Media is plain RFC 3264; the next offer restarts ICE. */
    private boolean active;
    /** A fresh ICE session is gathering for the next offer. */
    private boolean gathering;
    /** ICE is closed and the plain sockets are not bound yet ({@link #toPlain}). */
    private boolean moving;

    IceFallback(CallBase call) {
        this.call = call;
    }

    /** True while media is plain RFC 3264 after ICE was dropped. */
    boolean active() {
        return active;
    }

    /**
     * Why {@code answer} (which has no usable ICE) cannot run ICE, for the event and the logs.
     */
    static String reason(IceDescription answer, String answering) {
        Optional<IceMedia> audio = OfferAnswer.firstAudio(answer);
        if (audio.isPresent() && audio.get().iceMismatch()) {
            return "the answer to our " + answering + " carries a=ice-mismatch: our default destination was not "
                    + "among our candidates where it arrived (an ALG rewrote c=/m=?); RFC 8839 §4.2.5";
        }
        return "the answer to our " + answering + " has no ICE attributes (an ICE-unaware peer, B2BUA or media "
                + "server); RFC 8839 §4.4.3.1";
    }

    /**
     * Drops ICE for the answer to {@code ourOffer}: closes the session and, once its sockets are
     * released (on the call's executor, without waiting on it), binds our announced default
     * address, sends to the answer's default destination and reports {@link CallEvent.IceNotUsed}.
     *
     * @return false if the answer has no usable audio stream, or the call is relay-only
     *     ({@link RelayOnlyRefusal}): the caller then ends the exchange
     */
    boolean toPlain(IceDescription answer, String ourOffer, String reason) {
        if (AnswerUse.of(answer, false, RelayOnlyRefusal.applies(call)) != AnswerUse.PLAIN_RTP) {
            return false; // relay-only: the plain socket would be on our host address; or no address
        }
        IceMedia theirs = OfferAnswer.firstAudio(answer).orElse(null);
        IceMedia ours;
        try {
            ours = OfferAnswer.firstAudio(IceSdp.parse(ourOffer)).orElse(null);
        } catch (IceSdpException e) {
            ours = null;
        }
        if (theirs == null || ours == null || theirs.defaultCandidate(1).isEmpty()
                || theirs.defaultCandidate(1).get().isPlaceholder()) {
            return false;
        }
        IceSession session = call.ice;
        // Closing frees the candidate sockets (ours to bind again below) and deletes TURN allocations (RFC 8656 §7).
        call.apply(new CallChange.NewSession(null));
        moving = true;
        IceMedia offered = ours;
        // The plain sockets bind the ports our offer announced, so they wait until the session's
        // event loop has let them go; the call's executor goes on meanwhile (a re-offer in between
        // gets 500 + Retry-After, see moving()).
        CompletableFuture<Void> released = session == null ? CompletableFuture.completedFuture(null) : session.closeAsync();
        released.orTimeout(RELEASE_WAIT_MS, TimeUnit.MILLISECONDS).whenComplete((ok, slow) -> {
            if (slow != null) {
                LOG.debug("{}: ICE sockets not released in time: {}", call.id(), slow.toString()); // the bind says if it matters
            }
            call.serial.execute(() -> plainMedia(offered, theirs, reason));
        });
        return true;
    }

    /** True while the ICE session's sockets are being released for the plain ones ({@link #toPlain}). */
    boolean moving() {
        return moving;
    }

    /** The second half of {@link #toPlain}, on the call's executor once the ICE sockets are free. */
    private void plainMedia(IceMedia ours, IceMedia theirs, String reason) {
        moving = false;
        if (call.state == CallState.ENDED) {
            return;
        }
        boolean mux = ours.rtcpMux() || theirs.rtcpMux() || ours.defaultCandidate(2).isEmpty();
        TransportAddr rtpBase = base(ours, 1);
        TransportAddr rtcpBase = mux ? null : base(ours, 2);
        PlainRtpTransport plain;
        try {
            plain = bind(rtpBase, rtcpBase, mux);
        } catch (SocketException e) {
            String why = "RFC 3264 fallback: cannot bind a media socket: " + e.getMessage();
            call.emit(new CallEvent.Warning(why));
            call.iceReady.completeExceptionally(new IllegalStateException(why)); // no media on this call
            return;
        }
        TransportAddr rtp = theirs.defaultCandidate(1).orElseThrow();
        TransportAddr rtcp = mux ? null : theirs.defaultCandidate(2).orElse(rtp);
        plain.sendTo(rtp, rtcp);
        call.apply(new CallChange.PlainMedia(plain));
        active = true;
        LOG.info("{}: ICE not used: {}; media {} -> {}", call.id(), reason, plain.rtp(), rtp);
        call.emit(new CallEvent.IceNotUsed(reason, rtp.toString(), plain.rtp().toString()));
        call.iceReady.complete(null); // media is usable now: nothing to check
    }

    /**
     * Where we receive for {@code component}: the base of the default candidate we announced
     * (a host candidate itself; a server reflexive one's related address, RFC 8839 §5.1), else
     * nothing (a relayed default: the allocation went with the session).
     */
    private static TransportAddr base(IceMedia ours, int component) {
        TransportAddr announced = ours.defaultCandidate(component).orElse(null);
        if (announced == null) {
            return null;
        }
        for (IceCandidate c : ours.candidates(component)) {
            if (!c.transportAddr().equals(announced)) {
                continue;
            }
            if (c.type() == CandidateType.HOST) {
                return announced;
            }
            if (c.type() != CandidateType.RELAY && c.relatedAddress() != null && c.relatedPort() != null) {
                return new TransportAddr(c.relatedAddress(), c.relatedPort());
            }
        }
        return null;
    }

    private PlainRtpTransport bind(TransportAddr rtp, TransportAddr rtcp, boolean mux) throws SocketException {
        if (rtp != null && (mux || rtcp != null)) {
            try {
                return PlainRtpTransport.bindAt(rtp, rtcp);
            } catch (SocketException taken) {
                LOG.debug("{}: {} is taken: {}", call.id(), rtp, taken.toString());
            }
        }
        // Our announced address cannot be ours again: media still reaches the peer, and the next
        // offer (which restarts ICE) announces where we really are.
        call.emit(new CallEvent.Warning("RFC 3264 fallback: cannot receive on the announced default "
                + (rtp == null ? "(a relayed candidate)" : rtp.toString()) + "; send-only until the next offer"));
        try {
            return PlainRtpTransport.bind(InetAddress.getByName(call.context.host()), mux);
        } catch (java.net.UnknownHostException e) {
            throw new SocketException(e.getMessage());
        }
    }

    // ---- the next offer restarts ICE --------------------------------------------------------

    /**
     * Our next offer after a fallback: a new ICE session (role kept, RFC 8445 §9), gathered,
     * offered with {@code direction} in a re-INVITE. RFC 8839 §4.4.3.1.
     */
    void offerWithFreshIce(String direction) {
        if (gathering || call.state != CallState.ESTABLISHED) {
            call.emit(new CallEvent.Warning("re-offer not possible now (" + call.state + ")"));
            return;
        }
        gathering = true;
        IceSession fresh = IceSession.create(call.context.config.ice(),
                call.isOutgoing() ? IceRole.CONTROLLING : IceRole.CONTROLLED, call::onIceEvent);
        fresh.gather().whenComplete((local, error) -> call.serial.execute(() -> {
            gathering = false;
            if (error != null || call.state == CallState.ENDED) {
                fresh.close();
                if (error != null) {
                    call.emit(new CallEvent.Warning("ICE gathering for the re-offer failed: " + error.getMessage()));
                }
                return;
            }
            call.apply(new CallChange.NewSession(fresh));
            call.apply(new CallChange.Described(local));
            if (!call.midCall.sendFreshIceOffer(local, direction)) {
                call.emit(new CallEvent.Warning("re-offer with fresh ICE not sent: another exchange is in progress"));
            }
        }));
    }

    /**
     * The peer's offer while our media is plain RFC 3264 (a peer without ICE, or after a
     * fallback). Without ICE: answered from our plain sockets, media to its new {@code c=}/{@code m=}
     * (RFC 3264 §8: hold, a moved media server). With ICE: a new ICE session (role kept,
     * RFC 8445 §9) answers it and checks start; media moves to ICE when it completes.
     */
    void onOffer(javax.sip.ServerTransaction st, javax.sip.message.Request request, IceDescription offer) {
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        String direction = MediaDirection.mirror(MediaDirection.of(offer));
        int status = javax.sip.message.Response.NOT_ACCEPTABLE_HERE;
        if (audio == null || audio.defaultCandidate(1).isEmpty()) {
            call.midCall.respond(st, request, status, null, "the offer has no audio stream with an address");
            return;
        }
        Optional<org.sipice.ice.RemoteIce> remote = OfferAnswer.remoteIce(offer);
        if (remote.isEmpty() || IceMismatch.check(offer).isPresent()) { // RFC 8839 §4.2.5: mismatch: plain
            PlainRtpTransport plain = call.plainMedia;
            String sdp;
            try {
                sdp = MediaDirection.withDirection(PlainAnswer.answer(offer, plain.rtp(), plain.rtcp(),
                        call.origin.next()), direction);
            } catch (IllegalArgumentException e) {
                call.midCall.respond(st, request, status, null, e.getMessage());
                return;
            }
            TransportAddr rtp = audio.defaultCandidate(1).get();
            plain.sendTo(rtp, plain.rtcp().isEmpty() ? null : audio.defaultCandidate(2).orElse(rtp));
            call.midCall.respond(st, request, javax.sip.message.Response.OK, sdp, null);
            return;
        }
        gathering = true;
        IceSession fresh = IceSession.create(call.context.config.ice(),
                call.isOutgoing() ? IceRole.CONTROLLING : IceRole.CONTROLLED, call::onIceEvent);
        fresh.gather().whenComplete((local, error) -> call.serial.execute(() -> {
            gathering = false;
            String sdp = null;
            String why = error != null ? error.getMessage() : "call ended";
            try {
                if (error == null && call.state != CallState.ENDED) {
                    sdp = MediaDirection.withDirection(OfferAnswer.answer(offer, local,
                            call.context.config.ice().rtcpMux(), call.origin.next(),
                            call.context.config.ice().ta().toMillis()), direction);
                }
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            if (sdp == null || !call.midCall.respond(st, request, javax.sip.message.Response.OK, sdp, null)) {
                fresh.close();
                call.midCall.respond(st, request, javax.sip.message.Response.SERVER_INTERNAL_ERROR, null,
                        "cannot answer with ICE: " + why);
                return;
            }
            active = true; // media moves to ICE when the new session completes
            call.apply(new CallChange.NewSession(fresh));
            call.apply(new CallChange.Described(local));
            call.apply(new CallChange.ChecksStarted(remote.get()));
        }));
    }

    /**
     * A re-offer whose default destination is not among its candidates (RFC 8839 §4.2.5): ICE
     * stops for the stream, answered {@code a=ice-mismatch} ({@link PlainAnswer}) from a new plain
     * socket, media to the offer's {@code c=}/{@code m=}. Our next offer restarts ICE.
     */
    void answerMismatch(javax.sip.ServerTransaction st, javax.sip.message.Request request, IceDescription offer,
            String reason) {
        if (RelayOnlyRefusal.applies(call)) {
            // Plain media would run on our host address; ICE goes on as it was (RFC 3261 §14.2:
            // a rejected re-INVITE leaves the session unchanged).
            call.midCall.respond(st, request, javax.sip.message.Response.NOT_ACCEPTABLE_HERE, null,
                    RelayOnlyRefusal.REASON);
            return;
        }
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        PlainRtpTransport plain;
        String sdp;
        try {
            if (audio == null) {
                throw new IllegalArgumentException("the offer has no audio stream");
            }
            boolean mux = audio.rtcpMux() && call.context.config.ice().rtcpMux();
            plain = PlainRtpTransport.bind(InetAddress.getByName(call.context.host()), mux);
            sdp = MediaDirection.withDirection(PlainAnswer.answer(offer, plain.rtp(), plain.rtcp(), call.origin.next()),
                    MediaDirection.mirror(MediaDirection.of(offer)));
            TransportAddr rtp = audio.defaultCandidate(1).orElseThrow();
            plain.sendTo(rtp, mux ? null : audio.defaultCandidate(2).orElse(rtp));
        } catch (IllegalArgumentException | java.io.IOException | java.util.NoSuchElementException e) {
            call.midCall.respond(st, request, javax.sip.message.Response.NOT_ACCEPTABLE_HERE, null,
                    e.getMessage() == null ? "no usable media address" : e.getMessage());
            return;
        }
        if (!call.midCall.respond(st, request, javax.sip.message.Response.OK, sdp, null)) {
            plain.close();
            return;
        }
        call.apply(new CallChange.PlainMedia(plain));
        active = true;
        call.emit(new CallEvent.IceNotUsed(reason, audio.defaultCandidate(1).get().toString(), plain.rtp().toString()));
    }

    /** ICE completed on the fresh session: media moves to it, the plain sockets go. */
    void onIceEvent(IceEvent event) {
        if (!active || !(event instanceof IceEvent.Completed || event instanceof IceEvent.RestartCompleted)
                || call.ice == null) {
            return;
        }
        active = false;
        call.apply(new CallChange.PlainMediaClosed());
        LOG.info("{}: ICE is in use again", call.id());
    }
}
