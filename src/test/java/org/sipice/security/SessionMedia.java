package org.sipice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.ice.IceSession;
import org.sipice.media.RtpPacket;
import org.sipice.testing.Eventually;

/** RTP both ways between two ICE sessions over their selected pairs: every packet must arrive. */
final class SessionMedia {
    private SessionMedia() {
    }

    static void exchange(IceSession alice, IceSession bob, int packets, Duration timeout) throws Exception {
        Set<Integer> atBob = ConcurrentHashMap.newKeySet();
        Set<Integer> atAlice = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> {
            if (c == 1) {
                atBob.add(RtpPacket.sequence(data));
            }
        });
        alice.media().receive((c, data, len, from) -> {
            if (c == 1) {
                atAlice.add(RtpPacket.sequence(data));
            }
        });
        byte[] silence = new byte[160];
        for (int i = 0; i < packets; i++) {
            byte[] a = RtpPacket.packet(0, i, i * 160L, 0xA11CEL, silence);
            byte[] b = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            alice.media().send(1, a, 0, a.length);
            bob.media().send(1, b, 0, b.length);
        }
        Eventually.atLeast(atBob::size, packets, timeout, () -> "RTP packets at Bob");
        Eventually.atLeast(atAlice::size, packets, timeout, () -> "RTP packets at Alice");
        assertEquals(packets, atBob.size());
        assertEquals(packets, atAlice.size());
    }
}
