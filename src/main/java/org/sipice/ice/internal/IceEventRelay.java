package org.sipice.ice.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;

/**
 * The listener of a pooled session: it keeps the session's events until someone takes the
 * session, then gives that listener the whole story (GatheringStarted, the candidates,
 * GatheringCompleted, a ServerFailed…) in order, and every later event as it comes. The taker
 * thus sees exactly what a session it had created itself would have reported.
 *
 * <p>{@link #attach} must run on the session's executor (see {@code LoopSession.handOver}), so
 * no event can slip between the replay and the live ones. Events of a session that is discarded
 * instead go nowhere: nobody was listening.
 */
final class IceEventRelay implements IceEventListener {
    private static final Logger LOG = LogManager.getLogger(IceEventRelay.class);

    private final List<IceEvent> kept = new ArrayList<>();
    private IceEventListener target;

    @Override
    public void onEvent(IceEvent event) {
        IceEventListener to;
        synchronized (this) {
            if (target == null) {
                kept.add(event);
                return;
            }
            to = target;
        }
        deliver(to, event);
    }

    /** Replays the kept events to {@code listener}, then forwards every later one. Once. */
    void attach(IceEventListener listener) {
        Objects.requireNonNull(listener);
        List<IceEvent> replay;
        synchronized (this) {
            if (target != null) {
                throw new IllegalStateException("a listener is already attached");
            }
            target = listener;
            replay = List.copyOf(kept);
            kept.clear();
        }
        replay.forEach(e -> deliver(listener, e));
    }

    /** Events kept for a listener not yet attached. */
    synchronized List<IceEvent> kept() {
        return List.copyOf(kept);
    }

    private static void deliver(IceEventListener listener, IceEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed on {}", event, e);
        }
    }
}
