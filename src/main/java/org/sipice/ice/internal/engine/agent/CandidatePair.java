package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.IceCandidate;

/**
 * A local and a remote candidate of the same component (RFC 8445 §6.1.2.2), with its state in the
 * check list. The local side is always a base (RFC 8445 §6.1.2.4: a server-reflexive candidate is
 * replaced by its base), so the pair is also the 5-tuple its checks and media use.
 *
 * <p>When a check succeeds the pair itself becomes the valid pair (RFC 8445 §7.2.5.3.2): its base
 * and remote address, the only parts the checks and media use, are those of the valid pair; a
 * peer-reflexive local candidate learnt from the response is recorded beside it for the stats.
 */
final class CandidatePair {
    private final LocalCandidate local;
    private final IceCandidate remote;
    private final InetSocketAddress remoteAddress;
    private final String foundation;
    private long priority;
    /** Where the pair comes in the order of ordinary checks ({@link CheckOrder}): its priority, or lower. */
    private long checkOrder;
    /** A host pair not expected to work ({@link CheckOrder}). */
    private boolean unlikely;
    private PairState state = PairState.FROZEN;
    private boolean valid;
    private boolean nominated;
    /** RFC 8445 §7.3.1.5: USE-CANDIDATE arrived before the pair succeeded; nominate it when it does. */
    private boolean nominateOnSuccess;
    /** The next check of this pair carries USE-CANDIDATE (RFC 8445 §8.1.1, RFC 5245 §8.1.1.2). */
    private boolean useCandidate;
    private StunTransactions.Transaction transaction;
    private long checkSentNanos;
    private long roundTripNanos = -1;
    /** The valid pair's local candidate when it is not the base (RFC 8445 §7.2.5.3.2), or null. */
    private IceCandidate validLocal;
    private final PairStatistics statistics = new PairStatistics();

    CandidatePair(LocalCandidate local, IceCandidate remote, InetSocketAddress remoteAddress, IceRole role) {
        this.local = local;
        this.remote = remote;
        this.remoteAddress = remoteAddress;
        // RFC 8445 §6.1.2.6: the pair foundation is the local and the remote foundation together.
        this.foundation = local.candidate().foundation() + ":" + remote.foundation();
        reprioritise(role);
    }

    /** RFC 8445 §6.1.2.3: G is the controlling agent's candidate's priority, D the controlled's. */
    void reprioritise(IceRole role) {
        this.priority = PairPriority.of(role, local.candidate().priority(), remote.priority());
        this.checkOrder = priority;
    }

    int componentId() {
        return local.componentId();
    }

    LocalCandidate local() {
        return local;
    }

    IceCandidate remote() {
        return remote;
    }

    InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    DatagramPort port() {
        return local.port();
    }

    String foundation() {
        return foundation;
    }

    long priority() {
        return priority;
    }

    long checkOrder() {
        return checkOrder;
    }

    void checkOrder(long key) {
        this.checkOrder = key;
    }

    boolean unlikely() {
        return unlikely;
    }

    void unlikely(boolean on) {
        this.unlikely = on;
    }

    PairState state() {
        return state;
    }

    void state(PairState state) {
        this.state = state;
    }

    boolean isValid() {
        return valid;
    }

    void markValid() {
        this.valid = true;
    }

    boolean isNominated() {
        return nominated;
    }

    void markNominated() {
        this.nominated = true;
    }

    boolean nominateOnSuccess() {
        return nominateOnSuccess;
    }

    void nominateOnSuccess(boolean on) {
        this.nominateOnSuccess = on;
    }

    boolean useCandidate() {
        return useCandidate;
    }

    void useCandidate(boolean on) {
        this.useCandidate = on;
    }

    StunTransactions.Transaction transaction() {
        return transaction;
    }

    void transaction(StunTransactions.Transaction t) {
        this.transaction = t;
    }

    /** When the current (or last) check of the pair first left, on the scheduler's clock. */
    long checkSentNanos() {
        return checkSentNanos;
    }

    void checkSent(long nanos) {
        this.checkSentNanos = nanos;
    }

    /** The round trip of the pair's last successful check, or -1. */
    long roundTripNanos() {
        return roundTripNanos;
    }

    void roundTrip(long nanos) {
        this.roundTripNanos = nanos;
    }

    /** Stops the check in progress, if any (its outcome is then never called). */
    void cancelCheck() {
        if (transaction != null) {
            transaction.cancel();
            transaction = null;
        }
    }

    /** The pair's counters (checks, consent, media) for the stats. */
    PairStatistics statistics() {
        return statistics;
    }

    /** True when a packet on {@code port} from {@code from} belongs to this pair's 5-tuple. */
    boolean matches(DatagramPort port, InetSocketAddress from) {
        return local.port() == port && remoteAddress.equals(from);
    }

    /**
     * RFC 8445 §7.2.5.3.2: the valid pair's local candidate is the one whose address equals the
     * mapped address of the success response (a server-reflexive or peer-reflexive candidate
     * behind a NAT), not the base the check left from; what the pair reports from then on.
     */
    void validLocal(IceCandidate candidate) {
        this.validLocal = candidate;
    }

    CandidatePairInfo info() {
        IceCandidate reported = validLocal != null ? validLocal : local.candidate();
        return new CandidatePairInfo(componentId(), reported, remote, priority, nominated);
    }

    @Override
    public String toString() {
        return info() + " " + state.statsName();
    }
}
