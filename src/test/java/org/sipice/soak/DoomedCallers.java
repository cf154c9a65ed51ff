package org.sipice.soak;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.testing.TestUserAgent;

/**
 * A caller process that the soak kills with SIGKILL, so the callee sees what a crashed phone
 * leaves behind: no CANCEL, no BYE, no answer to consent checks. It places {@code COUNT} real
 * sipice calls (ICE, RTP every 20 ms once a pair is selected) to {@code URI} and prints
 * {@code provisional N} when call N got its first 18x and {@code media N} when 5 RTP packets of
 * call N arrived; the soak kills it on the line it waits for.
 *
 * <p>Usage: {@code DoomedCallers URI COUNT}.
 */
public final class DoomedCallers {
    private DoomedCallers() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int count = Integer.parseInt(args[1]);
        ScheduledExecutorService rtp = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger numbered = new AtomicInteger();
        TestUserAgent caller = TestUserAgent.start("doomed", new CallListener() {
        });
        for (int i = 1; i <= count; i++) {
            int n = numbered.incrementAndGet();
            AtomicInteger received = new AtomicInteger();
            Call call = caller.ua().call(uri, new CallListener() {
                private boolean provisional;

                @Override
                public void onEvent(Call c, long atNanos, CallEvent event) {
                    if (!provisional && event instanceof CallEvent.SipMessage m
                            && m.direction() == CallEvent.Direction.RECEIVED && m.label().startsWith("18")) {
                        provisional = true;
                        say("provisional " + n);
                    }
                }
            });
            call.established().thenCompose(v -> call.iceReady()).thenRun(() -> {
                call.media().receive((component, data, length, from) -> {
                    if (component == 1 && received.incrementAndGet() == 5) {
                        say("media " + n);
                    }
                });
                AtomicInteger seq = new AtomicInteger();
                byte[] silence = new byte[160];
                rtp.scheduleAtFixedRate(() -> {
                    int s = seq.getAndIncrement();
                    byte[] p = RtpPacket.packet(0, s, s * 160L, 0xD00DL + n, silence);
                    try {
                        call.media().send(1, p, 0, p.length);
                    } catch (Exception e) {
                        // the call ended: nothing more to send
                    }
                }, 0, 20, TimeUnit.MILLISECONDS); // RTP packetisation time (RFC 3551 §4.5)
            });
        }
        say("placed " + count);
        // Killed by the soak; never ends on its own.
        new java.util.concurrent.CountDownLatch(1).await();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
