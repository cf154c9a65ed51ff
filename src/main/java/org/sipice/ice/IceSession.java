package org.sipice.ice;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sipice.sdp.IceCredentials;

/**
 * One ICE session for one offer/answer exchange (RFC 8445): gather, learn the peer, check,
 * select, carry media, close. An ICE restart ({@link #restart()}) stays in the same session;
 * a new leg is a new session.
 *
 * <pre>
 *   IceSession ice = IceSession.create(config, IceRole.CONTROLLING, listener);
 *   LocalIce local = ice.gather().join();      // put it in the offer
 *   ice.start(remoteIceFromAnswer);             // checks run, events report progress
 *   ice.media().send(1, rtp, 0, rtp.length);    // once Completed
 *   ice.close();
 * </pre>
 */
public interface IceSession extends AutoCloseable {

    /** Creates a session; nothing is bound until {@link #gather()}. */
    static IceSession create(IceConfig config, IceRole role, IceEventListener listener) {
        return Engine.session(config, role, listener);
    }

    /**
     * A session for one more answer to an offer already sent (a forked INVITE, RFC 3261 §12.1,
     * §13.2.2.4): every answerer checks against the offer's candidates, ufrag and pwd. RFC 8839
     * §7.3 gives each answer its own check list; this session is one more check list on the
     * gathering of {@code offering} (the session whose {@code offered} credentials went out in the
     * offer): its candidates, ports and TURN allocations, which stay until the last session using
     * them is closed. When {@code offering} is null or no longer has that gathering, the session
     * binds host sockets of its own that are not signalled (the peer learns them as
     * peer-reflexive candidates, RFC 8445 §7.3.1.3). A restart gets fresh credentials as usual.
     */
    static IceSession createFork(IceConfig config, IceRole role, IceSession offering, IceCredentials offered,
            IceEventListener listener) {
        return Engine.fork(config, role, offering, offered, listener);
    }

    /** Starts gathering on sipice's executor; completes with the local description. */
    CompletableFuture<LocalIce> gather();

    /**
     * Gives the peer's description and starts connectivity checks. Gathering must be done.
     * After {@link #restart()}, the description is the peer's restarted one (new ufrag and
     * pwd) and applies to the new generation.
     */
    void start(RemoteIce remote);

    /**
     * ICE restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1): gathers a new generation with a new
     * ufrag and pwd, keeping the role. Completes with the new local description for the new
     * offer or answer; then {@link #start(RemoteIce)} takes the peer's new description. Media
     * keeps flowing on the current selected pairs until the new generation selects its own
     * (make-before-break); {@link #completion()}, {@link #selectedPair(int)} and {@link #media()}
     * then follow the new generation. Also the way back after consent was lost (RFC 7675 §5.1).
     */
    CompletableFuture<LocalIce> restart();

    /**
     * Completes when every component has a selected pair, or exceptionally on failure; after a
     * restart has completed, the future of the new generation. The list is the selection at
     * that moment; see {@link #selectedPair(int)} for the current one.
     */
    CompletableFuture<List<CandidatePairInfo>> completion();

    /**
     * The current role: the one the session was created with, unless a role conflict switched it
     * (RFC 8445 §7.3.1.1) or it took control toward an ICE-lite peer (§6.1.1); see
     * {@link IceEvent.RoleChanged}.
     */
    IceRole role();

    IceState state();

    /**
     * The pair media of the component goes to now. With aggressive nomination a better pair may
     * replace it after completion ({@link IceEvent.SelectedPairChanged}).
     */
    Optional<CandidatePairInfo> selectedPair(int componentId);

    /** The media transport; usable once {@link #completion()} is done. */
    MediaTransport media();

    /**
     * What ICE did so far in the generation in force: candidates, every pair with its checks,
     * round trips and media counts (an immutable snapshot). After {@link #close()}, the last
     * figures before the sockets were released.
     */
    default IceStats stats() {
        return IceStats.empty(role(), state());
    }

    /**
     * Releases every socket and thread of the session. Idempotent. An application thread waits
     * (at most 2 s) until the sockets are released; a thread of sipice's own does not.
     */
    @Override
    void close();

    /**
     * Closes as {@link #close()} does, without waiting on any thread, and completes once every
     * socket is released: for a caller that reuses the session's ports (RFC 3264 fallback).
     */
    default CompletableFuture<Void> closeAsync() {
        close();
        return CompletableFuture.completedFuture(null);
    }
}
