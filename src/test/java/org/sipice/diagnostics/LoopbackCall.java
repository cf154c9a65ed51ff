package org.sipice.diagnostics;

import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * One whole loopback call for the report tests: Alice calls Bob (loopback-demo profile), Bob
 * answers, {@link #PACKETS} RTP packets go each way on component 1, Alice hangs up; both reports
 * are taken after both sides ended.
 */
final class LoopbackCall {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final int PACKETS = 5;
    static final int RTP_SIZE = 12 + 160;

    final CallRecorder aliceEvents = new CallRecorder(false);
    final CallRecorder bobEvents = new CallRecorder(true);
    final CallReport alice;
    final CallReport bob;

    private LoopbackCall() throws Exception {
        try (TestUserAgent aliceUa = TestUserAgent.start("alice", aliceEvents);
                TestUserAgent bobUa = TestUserAgent.start("bob", bobEvents)) {
            Call call = aliceUa.ua().call(bobUa.uri());
            await(call.established());
            Call bobCall = bobEvents.awaitIncoming(DEADLINE);
            await(bobCall.established());
            await(call.iceReady());
            exchangeMedia(call, bobCall);
            call.hangup();
            await(call.ended());
            await(bobCall.ended());
            alice = call.report();
            bob = bobCall.report();
        }
    }

    static LoopbackCall run() throws Exception {
        return new LoopbackCall();
    }

    private static void exchangeMedia(Call alice, Call bob) throws Exception {
        CountDownLatch delivered = new CountDownLatch(2 * PACKETS);
        alice.media().receive((c, data, len, from) -> delivered.countDown());
        bob.media().receive((c, data, len, from) -> delivered.countDown());
        byte[] silence = new byte[160];
        for (int i = 0; i < PACKETS; i++) {
            byte[] a = RtpPacket.packet(0, i, i * 160L, 0xA11CEL, silence);
            byte[] b = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            alice.media().send(1, a, 0, a.length);
            bob.media().send(1, b, 0, b.length);
        }
        if (!delivered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("media not delivered both ways: " + delivered.getCount() + " missing");
        }
    }
}
