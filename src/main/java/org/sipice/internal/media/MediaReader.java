package org.sipice.internal.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.MediaTransport.PacketHandler;

/**
 * The reader thread of one media socket: hands every datagram to a {@link PacketHandler} until
 * the socket is closed. Shared by the ICE transport and the plain RTP transport.
 */
public final class MediaReader {
    private static final Logger LOG = LogManager.getLogger(MediaReader.class);
    private static final int MAX_DATAGRAM = 1500;

    private MediaReader() {
    }

    /**
     * Starts a daemon thread named {@code threadName} reading {@code socket}; it ends when the
     * socket is closed (or fails) or when {@code stopped} says so.
     */
    public static Thread start(String threadName, int componentId, DatagramSocket socket, PacketHandler handler,
            BooleanSupplier stopped) {
        Thread reader = new Thread(() -> read(threadName, componentId, socket, handler, stopped), threadName);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void read(String name, int componentId, DatagramSocket socket, PacketHandler handler,
            BooleanSupplier stopped) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!stopped.getAsBoolean()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!stopped.getAsBoolean()) {
                    LOG.debug("media reader {} ends: {}", name, e.toString());
                }
                return;
            }
            byte[] copy = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                    packet.getOffset() + packet.getLength());
            try {
                handler.onPacket(componentId, copy, copy.length, (InetSocketAddress) packet.getSocketAddress());
            } catch (RuntimeException ex) {
                LOG.warn("media handler of {} failed", name, ex);
            }
        }
    }
}
