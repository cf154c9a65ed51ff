package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;

/** The TCP connection to a TURN server, against a plain server socket on loopback playing the server. */
class TurnTcpConnectionTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] STUN = {0x01, 0x01, 0x00, 0x04, 0x21, 0x12, (byte) 0xA4, 0x42,
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 9, 9, 9, 9};

    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> lost = new CompletableFuture<>();

    @Test
    void sendsWaitForTheConnectionAndChannelDataLeavesPaddedToFourBytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            TurnTcpConnection connection = open(server);
            // Sent at once, before the connection is up: both wait for it, in order.
            connection.send(STUN, 0, STUN.length, null);
            byte[] channelData = {0x40, 0x01, 0x00, 0x03, 7, 8, 9};
            connection.send(channelData, 0, channelData.length, null);

            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] first = new byte[STUN.length];
                in.readFully(first);
                assertArrayEquals(STUN, first);
                byte[] second = new byte[8];
                in.readFully(second);
                assertArrayEquals(new byte[] {0x40, 0x01, 0x00, 0x03, 7, 8, 9, 0}, second, "RFC 8656 §12.5");
            } finally {
                connection.close();
            }
        }
    }

    @Test
    void whatTheServerWritesInAnyPiecesArrivesAsWholeMessagesFromTheServer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            TurnTcpConnection connection = open(server);
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                byte[] channelData = {0x40, 0x00, 0x00, 0x01, 42, 0, 0, 0};
                byte[] both = new byte[STUN.length + channelData.length];
                System.arraycopy(STUN, 0, both, 0, STUN.length);
                System.arraycopy(channelData, 0, both, STUN.length, channelData.length);
                out.write(both); // coalesced
                out.flush();
                out.write(Arrays.copyOfRange(STUN, 0, 10)); // split
                out.flush();
                assertArrayEquals(STUN, received.poll(5, TimeUnit.SECONDS));
                assertArrayEquals(channelData, received.poll(5, TimeUnit.SECONDS));
                out.write(Arrays.copyOfRange(STUN, 10, STUN.length));
                out.flush();
                assertArrayEquals(STUN, received.poll(5, TimeUnit.SECONDS));
            } finally {
                connection.close();
            }
        }
    }

    @Test
    void aServerHangingUpIsReportedOnceWithItsReason() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            TurnTcpConnection connection = open(server);
            server.accept().close();
            assertEquals("the TCP connection was closed by the server or the network", lost.get(5, TimeUnit.SECONDS));
            connection.close();
        }
    }

    @Test
    void closingItIsNotALoss() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            TurnTcpConnection connection = open(server);
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                connection.close();
                assertEquals(-1, s.getInputStream().read(), "the server sees the connection end");
            }
            assertTrue(!connection.isOpen());
            assertTrue(!lost.isDone(), "closing is not losing: " + lost.getNow(null));
        }
    }

    private TurnTcpConnection open(ServerSocket server) {
        LoopScheduler loop = IceLoop.shared().everyLoop().get(0);
        InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
        return TurnTcpConnection.open(IceLoop.shared(), loop, LOOPBACK, address, null, (port, data, length, from) -> {
            assertEquals(address, from);
            received.add(Arrays.copyOf(data, length));
        }, lost::complete, refused -> lost.complete("plain TCP refused as TLS: " + refused));
    }
}
