package org.sipice.ice;

/**
 * Receives the {@link IceEvent}s of one session, in order, on sipice's executor. Implementations
 * must not block for long: the next event of the same session waits for them.
 */
@FunctionalInterface
public interface IceEventListener {

    /** A listener that ignores everything. */
    IceEventListener NONE = event -> { };

    void onEvent(IceEvent event);
}
