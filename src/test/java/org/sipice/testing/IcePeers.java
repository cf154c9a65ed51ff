package org.sipice.testing;

import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;

/** Joins two ICE sessions the way SIP offer/answer would, in one line. */
public final class IcePeers {
    private IcePeers() {
    }

    /** Gathers both, gives each the other's description (answerer first) and waits for both to complete. */
    public static void connect(IceSession offerer, IceSession answerer, Duration timeout) throws Exception {
        LocalIce offer = await(offerer.gather(), timeout);
        LocalIce answer = await(answerer.gather(), timeout);
        answerer.start(remote(offer));
        offerer.start(remote(answer));
        await(answerer.completion(), timeout);
        await(offerer.completion(), timeout);
    }

    public static RemoteIce remote(LocalIce local) {
        return new RemoteIce(local.credentials(), local.candidates(), false, OptionalInt.empty(), List.of("ice2"));
    }
}
