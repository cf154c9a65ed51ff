package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.testing.EventRecorder;

/** A pooled session's events wait for the taker's listener, then flow in order. */
class IceEventRelayTest {

    @Test
    void eventsBeforeAttachAreReplayedInOrderThenLiveOnesFollow() {
        IceEventRelay relay = new IceEventRelay();
        relay.onEvent(new IceEvent.GatheringStarted());
        relay.onEvent(new IceEvent.ServerFailed("stun:192.0.2.1:3478", "silent"));
        relay.onEvent(new IceEvent.GatheringCompleted(List.of(), Duration.ofMillis(3)));
        assertEquals(3, relay.kept().size());

        EventRecorder taker = new EventRecorder();
        relay.attach(taker);
        relay.onEvent(new IceEvent.ChecksStarted(IceRole.CONTROLLED, 2));

        assertEquals(List.of("GatheringStarted", "ServerFailed", "GatheringCompleted", "ChecksStarted"),
                taker.names());
        assertTrue(relay.kept().isEmpty());
    }

    @Test
    void aFailingListenerDoesNotLoseTheRestOfTheReplay() {
        IceEventRelay relay = new IceEventRelay();
        relay.onEvent(new IceEvent.GatheringStarted());
        relay.onEvent(new IceEvent.GatheringCompleted(List.of(), Duration.ZERO));
        EventRecorder recorder = new EventRecorder();

        relay.attach(event -> {
            recorder.onEvent(event);
            throw new IllegalStateException("listener bug");
        });

        assertEquals(List.of("GatheringStarted", "GatheringCompleted"), recorder.names());
    }

    @Test
    void onlyOneListenerCanBeAttached() {
        IceEventRelay relay = new IceEventRelay();
        relay.attach(IceEventListener.NONE);
        assertThrows(IllegalStateException.class, () -> relay.attach(IceEventListener.NONE));
    }
}
