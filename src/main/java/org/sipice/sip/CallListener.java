package org.sipice.sip;

/**
 * The application's view of calls. All methods have no-op defaults and are called on the call's
 * executor, one at a time per call, never on a JAIN-SIP thread. They must not block.
 */
public interface CallListener {

    /** An INVITE with an ICE offer arrived. Do not alert yet: wait for {@link #readyToAlert}. */
    default void incomingCall(Call call) {
    }

    /**
     * The ringing gate opened: 180 Ringing went out. Alert the user now, then {@link Call#answer()}
     * or {@link Call#reject(int, String)}.
     */
    default void readyToAlert(Call call) {
    }

    /** Every event of every call, stamped with {@link System#nanoTime()} when it happened. */
    default void onEvent(Call call, long atNanos, CallEvent event) {
    }
}
