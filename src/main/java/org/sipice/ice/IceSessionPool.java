package org.sipice.ice;

import java.time.Duration;

/**
 * A few sessions gathered in advance, so that an incoming INVITE is answered without waiting for
 * STUN or TURN: {@link #take} returns a session whose {@link IceSession#gather()} is already
 * complete, and the pool gathers a replacement in the background on sipice's executors.
 *
 * <pre>
 *   IceSessionPool pool = IceSessionPool.create(config, 2);     // at start-up
 *   IceSession ice = pool.take(IceRole.CONTROLLED, listener);   // on INVITE: the answerer
 *   LocalIce local = ice.gather().join();                        // done already when warm
 *   ...
 *   pool.close();                                                // at shut-down
 * </pre>
 *
 * <p>Gathering does not depend on the role, which SIP decides later (offerer controlling,
 * answerer controlled, RFC 8839 §4.2.2): it is given at {@link #take} and may change until checks
 * start (RFC 8445 §6.1.1). The events a pooled session reported before it was taken are replayed,
 * in order, to the listener given at {@link #take}: it sees what a fresh session would report.
 *
 * <p>A pooled session holds its sockets and any TURN allocation (kept refreshed by the session
 * itself) until it is taken, discarded after {@link #maxIdle()} or the pool is closed. A taken
 * session belongs to the taker, who closes it. When the pool is empty, {@link #take} returns a
 * fresh session that gathers as usual: the pool never makes a call wait.
 *
 * <p>Applications do not implement this interface; {@link #create} is the only source of pools.
 */
public interface IceSessionPool extends AutoCloseable {

    /** Enough for a softphone: one incoming call and one more arriving before the refill ends. */
    int DEFAULT_SIZE = 2;

    /**
     * How long a gathered session may wait. Nothing is sent from a pooled session's host
     * candidates, so the NAT binding behind its server-reflexive candidates is not refreshed.
     * RFC 4787 REQ-5 asks NATs to keep idle UDP bindings at least 2 minutes, yet many expire them
     * after 30 s, which is why RFC 8445 §11 keeps bindings alive every 15 s: a set older than this
     * could advertise a dead server-reflexive address.
     */
    Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(30);

    /** What the pool has done so far. */
    record Stats(int ready, int gathering, long taken, long missed, long discarded) {
    }

    /** A pool of {@code size} sessions for {@code config}, discarded after {@link #DEFAULT_MAX_IDLE}. */
    static IceSessionPool create(IceConfig config, int size) {
        return create(config, size, DEFAULT_MAX_IDLE);
    }

    /**
     * A pool of {@code size} sessions for {@code config}; it starts gathering at once.
     *
     * @throws IllegalArgumentException if {@code size} is negative or {@code maxIdle} not positive
     */
    static IceSessionPool create(IceConfig config, int size, Duration maxIdle) {
        return Engine.pool(config, size, maxIdle);
    }

    /**
     * A session for one offer/answer: a gathered one from the pool when there is one, else a
     * fresh one. Never blocks. The events go to {@code listener}, starting with those the pooled
     * session already reported.
     *
     * @throws IllegalStateException if the pool is closed
     */
    IceSession take(IceRole role, IceEventListener listener);

    /** Waits until at least {@code count} gathered sessions are ready; false on timeout or close. */
    boolean awaitReady(int count, Duration timeout) throws InterruptedException;

    Stats stats();

    IceConfig config();

    int size();

    Duration maxIdle();

    /** Closes every pooled session, gathered or still gathering. Taken sessions are not the pool's. Idempotent. */
    @Override
    void close();
}
