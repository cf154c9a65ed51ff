package org.sipice.ice;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Datagram transport over the selected pairs of an ICE session: RTP on component 1 and RTCP on
 * component 2 (or both on component 1 with rtcp-mux). STUN never reaches the handler.
 */
public interface MediaTransport {

    /** Receives one media datagram. Called on the component's reader thread. */
    @FunctionalInterface
    interface PacketHandler {
        void onPacket(int componentId, byte[] data, int length, InetSocketAddress from);
    }

    /**
     * Sends one datagram on the selected pair of {@code componentId}.
     *
     * @throws IOException if the component has no selected pair or the socket is closed
     */
    void send(int componentId, byte[] data, int offset, int length) throws IOException;

    /** Installs the receiver and starts reading; one handler per transport. */
    void receive(PacketHandler handler);
}
