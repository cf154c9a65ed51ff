package org.sipice.testing;

import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceCandidate;

/** Joins two ICE sessions the way SIP offer/answer would, in one line. */
public final class IcePeers {
    private IcePeers() {
    }

    /** Gathers both, gives each the other's description (answerer first) and waits for both to complete. */
    public static void connect(IceSession offerer, IceSession answerer, Duration timeout) throws Exception {
        connect(offerer, answerer, IcePeers::remote, timeout);
    }

    /**
     * As {@link #connect(IceSession, IceSession, Duration)}, each side seeing the other's description
     * as {@code seen} makes it: only some candidates, as if the network lost the others.
     */
    public static void connect(IceSession offerer, IceSession answerer, Function<LocalIce, RemoteIce> seen,
            Duration timeout) throws Exception {
        LocalIce offer = await(offerer.gather(), timeout);
        LocalIce answer = await(answerer.gather(), timeout);
        answerer.start(seen.apply(offer));
        offerer.start(seen.apply(answer));
        await(answerer.completion(), timeout);
        await(offerer.completion(), timeout);
    }

    /** The two answers to one forked offer, as {@link #connectForks} returns them. */
    public record ForkAnswers(LocalIce first, LocalIce fork) {
    }

    /**
     * One offer answered by two forks (RFC 8839 §7.3): both answerers gather and check against
     * {@code offer}; the offerer's {@code first} session checks the first answer and its
     * {@code fork} the second; waits until all four complete.
     */
    public static ForkAnswers connectForks(LocalIce offer, IceSession first, IceSession fork, IceSession firstPeer,
            IceSession forkPeer, Duration timeout) throws Exception {
        LocalIce firstAnswer = await(firstPeer.gather(), timeout);
        LocalIce forkAnswer = await(forkPeer.gather(), timeout);
        firstPeer.start(remote(offer));
        forkPeer.start(remote(offer));
        first.start(remote(firstAnswer));
        fork.start(remote(forkAnswer));
        for (IceSession s : List.of(firstPeer, forkPeer, first, fork)) {
            await(s.completion(), timeout);
        }
        return new ForkAnswers(firstAnswer, forkAnswer);
    }

    /** What a network that drops UDP leaves of a description: its TCP candidates (RFC 6544). */
    public static RemoteIce tcpOnly(LocalIce local) {
        RemoteIce all = remote(local);
        return new RemoteIce(all.credentials(), local.candidates().stream().filter(IceCandidate::isTcp).toList(),
                all.iceLite(), all.icePacing(), all.iceOptions());
    }

    public static RemoteIce remote(LocalIce local) {
        return new RemoteIce(local.credentials(), local.candidates(), false, OptionalInt.empty(), List.of("ice2"));
    }
}
