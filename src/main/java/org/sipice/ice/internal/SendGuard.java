package org.sipice.ice.internal;

import java.io.IOException;

/** Asked before each media datagram leaves on a selected pair; may forbid it. */
@FunctionalInterface
interface SendGuard {

    /** Lets everything through. */
    SendGuard NONE = componentId -> { };

    /**
     * Called before sending on the selected pair of {@code componentId}.
     *
     * @throws IOException if the datagram must not be sent (for instance consent expired)
     */
    void beforeSend(int componentId) throws IOException;
}
