package org.sipice.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What the caller hears when the callee's leg ends first, and which datagrams are RTCP. */
class LegStatusTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "486 Busy Here                                           | 486 | Busy Here",
        "480 Temporarily Unavailable (ICE not ready after 3000 ms) | 480 | Temporarily Unavailable",
        "603 Decline                                             | 603 | Decline",
        "INVITE timed out (RFC 3261 Timer B)                     | 408 | INVITE timed out (RFC 3261 Timer B)",
        "the answer has no ICE candidates                        | 480 | the answer has no ICE candidates",
        "1234 not a status                                       | 480 | 1234 not a status",
    })
    void theCalleesFinalStatusReachesTheCaller(String reason, int status, String phrase) {
        assertEquals(status, LegStatus.forCaller(reason));
        assertEquals(phrase, LegStatus.phrase(reason));
    }

    @Test
    void rtcpIsRecognisedByItsPacketType() {
        assertTrue(MediaRelay.isRtcp(new byte[] {(byte) 0x80, (byte) 200}, 2)); // SR
        assertTrue(MediaRelay.isRtcp(new byte[] {(byte) 0x81, (byte) 201}, 2)); // RR
        assertFalse(MediaRelay.isRtcp(new byte[] {(byte) 0x80, 0}, 2)); // RTP PCMU
        assertFalse(MediaRelay.isRtcp(new byte[] {(byte) 0x80, (byte) 0x80}, 2)); // RTP PCMU, marker bit
        assertFalse(MediaRelay.isRtcp(new byte[] {(byte) 0x80}, 1));
    }
}
