package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import javax.sip.header.RequireHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * RFC 8839 §7.1.1: an unreliable 183 carrying the answer is repeated on the RFC 3262 back-off
 * until the caller's first check arrives. The caller here is a bare JAIN-SIP client that sends no
 * checks, so only the back-off, the ICE-lite limit and the 2xx stop the copies. Bob rings anyway
 * when ICE fails (the caller's candidates are dead), and does not answer until told to.
 */
class RetransmittedProgressTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Scheduling slack on a loaded CI machine; the back-off steps are 500 ms and more. */
    private static final long SLACK_MS = 400;

    private final CallRecorder bobEvents = new CallRecorder(false);
    private BareSipPeer caller;
    private TestUserAgent bobUa;

    @BeforeEach
    void start() throws Exception {
        caller = BareSipPeer.start("raw");
        bobUa = TestUserAgent.start("bob", bobEvents, c -> c.toBuilder()
                .earlyAnswer(EarlyAnswerMode.RETRANSMITTED_183)
                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build());
    }

    @AfterEach
    void stop() {
        bobUa.close();
        caller.close();
    }

    @Test
    void theUnreliable183IsRepeatedAfterHalfASecondThenOneThenTwoThenFourUntilThe200() throws Exception {
        caller.send(caller.invite("bob", bobUa.sip(), offer("")));
        List<BareSipPeer.Arrival> copies = caller.await(a -> a.status() == 183, 5, DEADLINE, "183");
        long[] expectedGapsMs = {500, 1000, 2000, 4000};
        for (int i = 1; i < 5; i++) {
            long gap = (copies.get(i).atNanos() - copies.get(i - 1).atNanos()) / 1_000_000;
            long expected = expectedGapsMs[i - 1];
            assertTrue(gap >= expected - 50 && gap <= expected + SLACK_MS,
                    "gap " + i + " was " + gap + " ms, expected " + expected);
        }
        for (BareSipPeer.Arrival copy : copies) {
            assertEquals(copies.get(0).body(), copy.body(), "every copy carries the same answer");
            assertTrue(copy.response().getHeader(RequireHeader.NAME) == null, "unreliable: no Require: 100rel");
        }

        // The answer goes in the 2xx now: the copies stop, the call is established.
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        bob.answer();
        caller.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
        await(bob.established(), DEADLINE);
        List<String> ladder = bobEvents.ladder();
        assertEquals("-> 200 OK (INVITE) +SDP", ladder.get(ladder.size() - 2), ladder.toString());
        assertEquals("<- ACK", ladder.get(ladder.size() - 1), ladder.toString());
    }

    @Test
    void towardAnIceLiteCallerThe183GoesOutFourTimesAtMost() throws Exception {
        caller.send(caller.invite("bob", bobUa.sip(), offer("a=ice-lite\r\n")));
        List<BareSipPeer.Arrival> copies = caller.await(a -> a.status() == 183, 4, DEADLINE, "183");
        // A fifth copy would be due 4 s after the fourth (0.5 + 1 + 2 + 4 s after the first):
        // wait past that moment, then count.
        long fifthDue = copies.get(0).atNanos() + Duration.ofMillis(7500 + SLACK_MS).toNanos();
        List<BareSipPeer.Arrival> all = caller.arrivalsUntil(fifthDue);
        assertEquals(4, all.stream().filter(a -> a.status() == 183).count(),
                "copies: " + all.stream().map(BareSipPeer.Arrival::status).toList());
        assertTrue(bobEvents.awaitIncoming(DEADLINE).state() != CallState.ENDED,
                "running out of copies does not end the call (RFC 8839 §7.1.1)");
    }

    private static String offer(String sessionLines) {
        return "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\n" + sessionLines + "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp:10\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 9 typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 10 typ host\r\n";
    }
}
