package org.sipice.ice.internal.engine.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4571 §2: a 16-bit length before each packet, whatever pieces the stream cuts it into. */
class Rfc4571FramingTest {

    @Test
    void aPacketIsPrecededByItsLengthInNetworkByteOrder() {
        byte[] framed = Rfc4571Framing.frame(new byte[] {9, 1, 2, 3, 9}, 1, 3);
        assertArrayEquals(new byte[] {0, 3, 1, 2, 3}, framed);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, java.util.Arrays.copyOf(
                Rfc4571Framing.frame(new byte[65535], 0, 65535), 2));
        assertThrows(IllegalArgumentException.class, () -> Rfc4571Framing.frame(new byte[65536], 0, 65536));
    }

    @Test
    void packetsComeOutWholeAndInOrderHoweverTheStreamIsCut() {
        List<byte[]> sent = List.of(packet(1, 20), packet(2, 0), packet(3, 300), packet(4, 1500));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        sent.forEach(p -> stream.writeBytes(Rfc4571Framing.frame(p, 0, p.length)));
        byte[] bytes = stream.toByteArray();

        for (int piece : new int[] {1, 2, 3, 7, 64, bytes.length}) {
            Rfc4571Framing framing = new Rfc4571Framing();
            List<byte[]> received = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += piece) {
                framing.feed(bytes, at, Math.min(piece, bytes.length - at), (data, length) -> {
                    assertEquals(data.length, length);
                    received.add(data);
                });
            }
            assertEquals(sent.size(), received.size(), "pieces of " + piece);
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), received.get(i), "packet " + i + ", pieces of " + piece);
            }
            assertEquals(0, framing.pending());
        }
    }

    @Test
    void aPartialPacketWaitsForTheRestOfIt() {
        Rfc4571Framing framing = new Rfc4571Framing();
        byte[] framed = Rfc4571Framing.frame(packet(7, 10), 0, 10);
        List<byte[]> received = new ArrayList<>();
        framing.feed(framed, 0, 5, (data, length) -> received.add(data));
        assertEquals(0, received.size());
        assertEquals(5, framing.pending());
        framing.feed(framed, 5, framed.length - 5, (data, length) -> received.add(data));
        assertArrayEquals(packet(7, 10), received.get(0));
    }

    private static byte[] packet(int seed, int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (seed * 31 + i);
        }
        return p;
    }
}
