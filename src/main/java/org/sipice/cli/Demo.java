package org.sipice.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.StunServer;
import org.sipice.internal.concurrent.Executors;
import org.sipice.media.RtpPacket;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;
import org.sipice.sip.SipTls;
import org.sipice.sip.SipTransport;
import org.sipice.stun.EmbeddedStunServer;

/**
 * Alice calls Bob, both in this process on loopback, with an embedded STUN responder that
 * pretends to be a NAT (it reports 127.0.0.2 as everybody's public address) so that
 * server-reflexive candidates appear. Prints the ladder and returns the RESULT line.
 */
final class Demo {
    /** Packets per direction: one second of 20 ms PCMU frames. */
    static final int DEFAULT_PACKETS = 50;
    /** How long Bob's phone rings before he answers, once the gate lets it ring. */
    static final int DEFAULT_RING_MS = 300;
    private static final int PTIME_MS = 20;

    private Demo() {
    }

    static ResultLine run(SipProfile profile, int packets, int ringMillis, PrintStream out) throws Exception {
        return run(profile, packets, ringMillis, out, null);
    }

    /** As above; with {@code reportDir}, both sides' call reports are saved there (JSON and HTML). */
    /**
     * Over TLS with Bob's certificate made on the spot, Alice pins its fingerprint (what a user
     * does after comparing the printed one) unless the profile already says whom she trusts.
     */
    private static SipTls aliceTrustsBob(SipTls tls, SipEndpoint bob, PrintStream out) {
        if (bob.tlsFingerprint().isEmpty()) {
            return tls;
        }
        String fingerprint = bob.tlsFingerprint().get();
        out.println("Bob's TLS certificate fingerprint SHA256:" + fingerprint
                + (bob.tlsSelfSigned() ? " (self-signed, made now)" : ""));
        boolean profileTrusts = !tls.trustedFingerprints().isEmpty() || tls.caFile().isPresent();
        return bob.tlsSelfSigned() && !profileTrusts ? tls.withTrustedFingerprints(List.of(fingerprint)) : tls;
    }

    static ResultLine run(SipProfile profile, int packets, int ringMillis, PrintStream out,
            Path reportDir) throws Exception {
        CallConfig config = profile.callConfig();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        EmbeddedStunServer stun = null;
        SipEndpoint aliceSip = null;
        SipEndpoint bobSip = null;
        IceUserAgent alice = null;
        IceUserAgent bob = null;
        try {
            if (profile.embeddedStun()) {
                stun = EmbeddedStunServer.start(new InetSocketAddress(loopback, 0),
                        EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")));
                IceConfig ice = config.ice().toBuilder().addStunServer(new StunServer(stun.address())).build();
                config = config.toBuilder().ice(ice).build();
                out.println("embedded STUN responder on " + stun.address().getAddress().getHostAddress() + ":"
                        + stun.address().getPort() + " (maps every client to 127.0.0.2, like a NAT)");
            }
            // The first session loads the engine's classes and starts its event loops; an
            // application warms it at start-up, and so does the demo, so the ladder shows a call,
            // not class loading.
            warmUp(config.ice());
            SipTransport transport = profile.sipTransport();
            bobSip = SipEndpoint.start("bob", profile.stackProperties(), loopback, 0, transport, profile.sipTls());
            aliceSip = SipEndpoint.start("alice", profile.stackProperties(), loopback, 0, transport,
                    aliceTrustsBob(profile.sipTls(), bobSip, out));
            out.println("Alice is " + aliceSip.uri("alice") + ", Bob is " + bobSip.uri("bob") + ", profile "
                    + profile.name());
            out.println();

            long t0 = System.nanoTime();
            LadderPrinter aliceLadder = new LadderPrinter(out, t0, "Alice", "Bob", true);
            LadderPrinter bobLadder = new LadderPrinter(out, t0, "Bob", "Alice", false);
            List<CallEvent> aliceEvents = new ArrayList<>();
            CallListener aliceListener = new CallListener() {
                @Override
                public void onEvent(Call call, long atNanos, CallEvent event) {
                    synchronized (aliceEvents) {
                        aliceEvents.add(event);
                    }
                    aliceLadder.onEvent(call, atNanos, event);
                }
            };
            List<CallEvent> bobEvents = new ArrayList<>();
            CallListener bobListener = new CallListener() {
                @Override
                public void readyToAlert(Call call) {
                    bobLadder.print(System.nanoTime(), "Bob   phone rings (ICE is ready); answers in " + ringMillis
                            + " ms");
                    // The phone rings for a while; the user picks up (a timer, never the call's thread).
                    Executors.timer().schedule(call::answer, ringMillis, TimeUnit.MILLISECONDS);
                }

                @Override
                public void onEvent(Call call, long atNanos, CallEvent event) {
                    synchronized (bobEvents) {
                        bobEvents.add(event);
                    }
                    bobLadder.onEvent(call, atNanos, event);
                }
            };
            alice = IceUserAgent.create(aliceSip.provider(), "alice", config, aliceListener, null);
            bob = IceUserAgent.create(bobSip.provider(), "bob", config, bobListener, null);

            Duration deadline = config.ringingGateTimeout().plusSeconds(10);
            Call call = alice.call(bobSip.uri("bob"));
            try {
                call.established().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return ResultLine.failed(call.ended().isDone() ? call.ended().get().reason() : e.getCause().getMessage());
            } catch (TimeoutException e) {
                return ResultLine.failed("call not established within " + deadline.toMillis() + " ms");
            }
            long setupMs = (System.nanoTime() - t0) / 1_000_000;
            call.iceReady().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            Call bobCall = bob.calls().iterator().next();
            bobCall.established().get(deadline.toMillis(), TimeUnit.MILLISECONDS);

            int[] received = exchangeMedia(call, bobCall, packets, aliceLadder, t0);
            call.hangup();
            call.ended().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            bobCall.ended().get(deadline.toMillis(), TimeUnit.MILLISECONDS);

            if (reportDir != null) {
                out.println("reports: " + ReportCommand.save(call.report(), reportDir, "alice") + ", "
                        + ReportCommand.save(bobCall.report(), reportDir, "bob") + " (and .html)");
            }
            CandidatePairInfo rtp = call.selectedPair(1).orElseThrow();
            String rtcp = config.ice().rtcpMux() ? "mux" : call.selectedPair(2).map(CandidatePairInfo::typeSummary)
                    .orElse("none");
            long gateMs;
            boolean ringingAfterIce;
            synchronized (bobEvents) {
                int completed = indexOf(bobEvents, e -> e instanceof CallEvent.Ice
                        && ((CallEvent.Ice) e).event() instanceof IceEvent.Completed);
                int ringing = indexOf(bobEvents, e -> e instanceof CallEvent.SipMessage
                        && ((CallEvent.SipMessage) e).direction() == CallEvent.Direction.SENT
                        && ((CallEvent.SipMessage) e).label().startsWith("180"));
                ringingAfterIce = completed >= 0 && ringing > completed;
                gateMs = bobEvents.stream().filter(e -> e instanceof CallEvent.RingingGateOpened)
                        .mapToLong(e -> ((CallEvent.RingingGateOpened) e).held().toMillis()).findFirst().orElse(-1);
            }
            out.println();
            out.printf("selected pair: RTP %s%n", rtp);
            call.selectedPair(2).ifPresent(p -> out.printf("               RTCP %s%n", p));
            out.printf("media: Alice sent %d and received %d packets; Bob sent %d and received %d%n",
                    packets, received[0], packets, received[1]);
            ResultLine result = received[0] == packets && received[1] == packets && ringingAfterIce
                    ? ResultLine.ok() : ResultLine.failed(!ringingAfterIce ? "180_before_ice" : "media_lost");
            String nomination;
            long checksMs;
            synchronized (aliceEvents) {
                nomination = iceEvent(aliceEvents, IceEvent.NominationModeChosen.class)
                        .map(e -> e.mode().name().toLowerCase(Locale.ROOT)).orElse("-");
                checksMs = iceEvent(aliceEvents, IceEvent.Completed.class).map(e -> e.took().toMillis()).orElse(-1L);
            }
            return result.put("ice", "completed").put("pair", rtp.typeSummary()).put("rtcp_pair", rtcp)
                    .put("nomination", nomination).put("checks_ms", checksMs)
                    .put("ringing_after_ice", ringingAfterIce).put("gate_ms", gateMs)
                    .put("media_sent", 2 * packets).put("media_received", received[0] + received[1])
                    .put("setup_ms", setupMs);
        } finally {
            if (alice != null) {
                alice.close();
            }
            if (bob != null) {
                bob.close();
            }
            if (aliceSip != null) {
                aliceSip.close();
            }
            if (bobSip != null) {
                bobSip.close();
            }
            if (stun != null) {
                stun.close();
            }
        }
    }

    /** Sends {@code packets} RTP packets each way, paced at 20 ms; returns {received by Alice, by Bob}. */
    private static int[] exchangeMedia(Call alice, Call bob, int packets, LadderPrinter ladder, long t0)
            throws Exception {
        AtomicInteger atAlice = new AtomicInteger();
        AtomicInteger atBob = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2 * packets);
        alice.media().receive((c, data, len, from) -> {
            if (c == 1) {
                atAlice.incrementAndGet();
                done.countDown();
            }
        });
        bob.media().receive((c, data, len, from) -> {
            if (c == 1) {
                atBob.incrementAndGet();
                done.countDown();
            }
        });
        ladder.print(System.nanoTime(), String.format("media: %d RTP packets (PCMU, %d ms) each way on the selected "
                + "pair", packets, PTIME_MS));
        byte[] silence = new byte[160];
        long start = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            byte[] a = RtpPacket.packet(0, i, i * 160L, 0xA11CEL, silence);
            byte[] b = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            alice.media().send(1, a, 0, a.length);
            bob.media().send(1, b, 0, b.length);
            // Real-time pacing of the media itself (one frame per ptime), not synchronisation.
            long next = start + (i + 1) * PTIME_MS * 1_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        done.await(2, TimeUnit.SECONDS);
        ladder.print(System.nanoTime(), String.format("media: Alice received %d, Bob received %d", atAlice.get(),
                atBob.get()));
        return new int[] {atAlice.get(), atBob.get()};
    }

    private static void warmUp(IceConfig ice) throws Exception {
        try (IceSession s = IceSession.create(
                ice.toBuilder().stunServers(List.of()).build(), IceRole.CONTROLLING, null)) {
            s.gather().get(10, TimeUnit.SECONDS);
        }
    }

    /** The first ICE event of {@code type} in the call's events: Alice's are the controlling agent's. */
    private static <T extends IceEvent> Optional<T> iceEvent(List<CallEvent> events, Class<T> type) {
        return events.stream().filter(e -> e instanceof CallEvent.Ice && type.isInstance(((CallEvent.Ice) e).event()))
                .map(e -> type.cast(((CallEvent.Ice) e).event())).findFirst();
    }

    private static int indexOf(List<CallEvent> events, Predicate<CallEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
