package org.sipice.sip;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sip.message.Request;
import org.sipice.diagnostics.CallReport;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.LocalIce;
import org.sipice.ice.MediaTransport;
import org.sipice.ice.RemoteIce;

/**
 * One SIP call with ICE, caller or callee side. Methods return at once; the work runs on the
 * call's own serial executor, and outcomes arrive as {@link CallEvent}s.
 */
public interface Call {

    /** The SIP Call-ID. */
    String id();

    /** True for the side that sent the INVITE. */
    boolean isOutgoing();

    CallState state();

    /**
     * Callee: accept the call. The 200 OK goes out once the ringing gate is open and every
     * reliable provisional response carrying SDP has been acknowledged (RFC 3262 §3).
     */
    void answer();

    /** Callee: reject with a final status (486 Busy Here, 603 Decline...). */
    void reject(int status, String reason);

    /** Either side: BYE once established, CANCEL (caller) or 487 (callee) before. */
    void hangup();

    /**
     * Either side, once established: restart ICE (RFC 8445 §9, RFC 8839 §4.4.1.1.1) with a
     * re-INVITE carrying new credentials; media keeps flowing on the current pair until the new
     * one is selected. A 491 (glare) is retried once after the RFC 3261 §14.1 back-off.
     */
    void restartIce();

    /**
     * Either side, once established: put the peer on hold with a re-INVITE offering
     * {@code a=sendonly} (RFC 3264 §8.4) with the current ICE credentials and candidates, so ICE
     * does not restart. Media keeps its pair; what to send is the application's choice.
     */
    void hold();

    /** Either side: take the call off hold with a re-INVITE offering {@code a=sendrecv}, no ICE restart. */
    void resume();

    /**
     * Callee: the INVITE that created this call (Request-URI, From, To, headers), for routing
     * decisions such as a B2BUA's. Empty for outgoing calls.
     */
    default Optional<Request> incomingInvite() {
        return Optional.empty();
    }

    /**
     * Callee, from {@link CallListener#incomingCall}: the ringing gate also waits for
     * {@code condition} before 180 Ringing goes out (a B2BUA waits for its outgoing leg's ICE,
     * so the caller hears ringing only once both legs can carry media). The gate timeout and
     * policy still apply; an exceptional completion counts as a gate failure.
     */
    default void holdRingingUntil(CompletionStage<?> condition) {
        throw new UnsupportedOperationException("only an incoming call has a ringing gate");
    }

    /**
     * The ICE description (credentials and candidates) of the SDP we last sent in this call's
     * offer/answer exchanges; it changes with an ICE restart. Empty before we sent one.
     */
    default Optional<LocalIce> localIce() {
        return Optional.empty();
    }

    /** The peer's ICE description, from the SDP it last sent; empty before one arrived. */
    default Optional<RemoteIce> remoteIce() {
        return Optional.empty();
    }

    /** The selected pair of a component once ICE completed. */
    Optional<CandidatePairInfo> selectedPair(int componentId);

    /** Media over the selected pairs; usable once {@link #iceReady()} completed. */
    MediaTransport media();

    /**
     * What happened so far, for diagnostics: the ICE figures (candidates, every pair with its
     * checks, round trips and media counts) and the timeline of SIP messages and events. An
     * immutable snapshot; after the call ended, its final figures. Write it with
     * {@link org.sipice.diagnostics.CallReportJson} or {@link org.sipice.diagnostics.CallReportHtml}.
     */
    CallReport report();

    /** Completes when every component has a selected pair. */
    CompletableFuture<Void> iceReady();

    /** Completes when the call is established (200 OK + ACK). */
    CompletableFuture<Void> established();

    /** Completes with the reason when the call ends, for any reason. */
    CompletableFuture<CallEvent.Ended> ended();
}
