package org.sipice.testing;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;

/** Joins two ICE sessions the way SIP offer/answer would, in one line. */
public final class IcePeers {
    private IcePeers() {
    }

    /** Gathers both, gives each the other's description (answerer first) and waits for both to complete. */
    public static void connect(IceSession offerer, IceSession answerer, Duration timeout) throws Exception {
        LocalIce offer = offerer.gather().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LocalIce answer = answerer.gather().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        answerer.start(remote(offer));
        offerer.start(remote(answer));
        answerer.completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        offerer.completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static RemoteIce remote(LocalIce local) {
        return new RemoteIce(local.credentials(), local.candidates(), false, OptionalInt.empty(), List.of("ice2"));
    }
}
