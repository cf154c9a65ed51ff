package org.sipice.sip.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sip.CallConfig;

/**
 * The callee's answer path run once, with nobody on the other end, when the first user agent of
 * the process is installed: an ICE session gathers host candidates only (no STUN or TURN server
 * is contacted) and is closed, an offer is built, parsed and answered. On a cold JVM the first
 * incoming call otherwise spent 100-1,000 ms loading and compiling that code before its answer
 * could go out, later than JAIN-SIP's automatic 100 Trying ({@link OwnTrying}). Once per process;
 * bounded by {@link #MAX_WAIT}: after it, installation goes on with the warm-up incomplete (the
 * first call is then only slower; {@link OwnTrying} still sends the one 100).
 */
final class Warmup {
    private static final Logger LOG = LogManager.getLogger(Warmup.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** How long installing the first user agent may wait for the warm-up. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private Warmup() {
    }

    /** Runs the warm-up if this is the process's first user agent; returns when done or after {@link #MAX_WAIT}. */
    static void once(CallConfig config) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        IceConfig hostOnly = config.ice().toBuilder().stunServers(List.of()).turnServers(List.of()).relayOnly(false)
                .relayFirst(false).build();
        IceSession session = IceSession.create(hostOnly, IceRole.CONTROLLED, event -> { });
        long started = System.nanoTime();
        try {
            LocalIce local = session.gather().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            SdpOrigin origin = new SdpOrigin();
            long ta = config.ice().ta().toMillis();
            String offer = OfferAnswer.offer(local, config.ice().rtcpMux(), origin.next(), ta);
            IceDescription parsed = OfferAnswer.parse(offer.getBytes(StandardCharsets.UTF_8));
            OfferAnswer.remoteIce(parsed);
            OfferAnswer.parse(OfferAnswer.answer(parsed, local, config.ice().rtcpMux(), origin.next(), ta)
                    .getBytes(StandardCharsets.UTF_8));
            LOG.debug("warm-up done in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            LOG.debug("warm-up incomplete: {}", e.toString()); // costs only the first call's speed
        } finally {
            session.close();
        }
    }
}
