import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.sipice.b2bua.B2bua;
import org.sipice.b2bua.B2buaConfig;
import org.sipice.b2bua.B2buaEvent;
import org.sipice.ice.StunServer;
import org.sipice.media.RtpPacket;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;
import org.sipice.stun.EmbeddedStunServer;

/**
 * Alice calls Bob through a media-anchoring B2BUA, on 127.0.0.1, twice: once with the B2BUA's
 * outgoing leg gathering only after it answered Alice (sequential), once with it gathering as
 * soon as the INVITE arrives (parallel, the default). The B2BUA's STUN server answers after
 * 150 ms, like one across the Internet, so gathering takes time; the example prints what the
 * parallel start saves before Alice hears ringing, and checks that RTP crosses the relay.
 */
public final class B2buaCall {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Duration STUN_DELAY = Duration.ofMillis(150);
    private static final int PACKETS = 25;

    private B2buaCall() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            System.out.println("B2buaCall: " + run());
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the JAIN-SIP RI leaves a non-daemon thread after SipStack.stop()
    }

    /** Runs both calls; returns {@code ok relayed=25 sequential_ms=... parallel_ms=... saved_ms=...}. */
    static String run() throws Exception {
        SipProfile profile = SipProfile.load("loopback-demo");
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(new InetSocketAddress("127.0.0.1", 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")), STUN_DELAY)) {
            CallConfig b2buaLegs = profile.callConfig().toBuilder().ice(profile.callConfig().ice().toBuilder()
                    .stunServers(List.of(new StunServer(stun.address()))).build()).build();
            oneCall(profile, b2buaLegs, B2buaConfig.OutgoingLegStart.ON_INVITE); // warm-up: class loading
            long sequential = oneCall(profile, b2buaLegs, B2buaConfig.OutgoingLegStart.AFTER_INCOMING_ANSWER)[0];
            long[] parallel = oneCall(profile, b2buaLegs, B2buaConfig.OutgoingLegStart.ON_INVITE);
            System.out.println("Ringing at Alice " + sequential + " ms after her INVITE with sequential gathering, "
                    + parallel[0] + " ms with parallel gathering: " + (sequential - parallel[0]) + " ms saved");
            return "ok relayed=" + parallel[1] + " sequential_ms=" + sequential + " parallel_ms=" + parallel[0]
                    + " saved_ms=" + (sequential - parallel[0]);
        }
    }

    /** One call Alice -> B2BUA -> Bob; returns {ms from Alice's call() to her 180, RTP packets Bob got}. */
    private static long[] oneCall(SipProfile profile, CallConfig b2buaLegs, B2buaConfig.OutgoingLegStart start)
            throws Exception {
        CompletableFuture<Call> atBob = new CompletableFuture<>();
        CallListener bobsPhone = new CallListener() {
            @Override
            public void incomingCall(Call call) {
                atBob.complete(call);
            }

            @Override
            public void readyToAlert(Call call) {
                call.answer();
            }
        };
        CompletableFuture<Long> ringing = new CompletableFuture<>();
        CallListener alicesPhone = new CallListener() {
            @Override
            public void onEvent(Call call, long atNanos, org.sipice.sip.CallEvent event) {
                if (event instanceof org.sipice.sip.CallEvent.SipMessage m && m.label().startsWith("180")) {
                    ringing.complete(atNanos);
                }
            }
        };
        try (AppStack bobSip = AppStack.start(profile.stackProperties(), "bob");
                AppStack aliceSip = AppStack.start(profile.stackProperties(), "alice");
                AppStack b2buaSip = AppStack.start(profile.stackProperties(), "b2bua")) {
            String bobUri = bobSip.uri("bob");
            IceUserAgent bob = IceUserAgent.create(bobSip.provider(), "bob", profile.callConfig(), bobsPhone, null);
            IceUserAgent alice = IceUserAgent.create(aliceSip.provider(), "alice", profile.callConfig(), alicesPhone,
                    null);
            // ---- The B2BUA: every call goes to Bob; each leg gets its own ICE session.
            B2bua b2bua = B2bua.builder(b2buaSip.provider(), invite -> Optional.of(bobUri))
                    .callConfig(b2buaLegs)
                    .config(B2buaConfig.builder().outgoingLegStart(start).build())
                    .listener(B2buaCall::print)
                    .start();
            try (bob; alice; b2bua) {
                System.out.println("--- " + start + ": Alice calls " + b2buaSip.uri("bob"));
                long t0 = System.nanoTime();
                Call call = alice.call(b2buaSip.uri("bob"));
                await(call.established());
                long ringMs = (await(ringing) - t0) / 1_000_000;
                Call bobCall = await(atBob);
                await(bobCall.established());
                int received = sendThroughTheRelay(call, bobCall);
                call.hangup();
                await(bobCall.ended());
                return new long[] {ringMs, received};
            }
        }
    }

    /** Alice sends RTP to her leg of the B2BUA; the relay forwards it on Bob's leg. */
    private static int sendThroughTheRelay(Call alice, Call bob) throws Exception {
        AtomicInteger received = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(PACKETS);
        bob.media().receive((component, data, length, from) -> {
            if (component == 1) {
                received.incrementAndGet();
                all.countDown();
            }
        });
        byte[] silence = new byte[160];
        for (int seq = 0; seq < PACKETS; seq++) {
            byte[] rtp = RtpPacket.packet(0, seq, seq * 160L, 0xA11CEL, silence);
            alice.media().send(1, rtp, 0, rtp.length);
        }
        all.await(5, TimeUnit.SECONDS);
        if (received.get() != PACKETS) {
            throw new IllegalStateException("Bob received " + received.get() + " of " + PACKETS + " packets");
        }
        return received.get();
    }

    private static void print(B2buaEvent event) {
        if (event instanceof B2buaEvent.OutgoingLegStarted e) {
            System.out.println("  B2BUA: outgoing leg to " + e.destination() + " starts gathering "
                    + e.afterInvite().toMillis() + " ms after the INVITE");
        } else if (event instanceof B2buaEvent.Bridged e) {
            System.out.println("  B2BUA: both legs ICE-ready " + e.afterInvite().toMillis()
                    + " ms after the INVITE, relaying media");
        } else if (event instanceof B2buaEvent.TornDown e) {
            System.out.println("  B2BUA: torn down by the " + e.cause() + " leg (" + e.reason() + "), relayed "
                    + e.relayed().toOutgoingPackets() + " datagrams to Bob");
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An application's own JAIN-SIP stack on 127.0.0.1. */
    private record AppStack(SipStack stack, SipProvider provider) implements AutoCloseable {
        static AppStack start(Properties properties, String name) throws Exception {
            Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("javax.sip.STACK_NAME", name + "-" + System.nanoTime());
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            SipStack stack = factory.createSipStack(p);
            ListeningPoint lp = stack.createListeningPoint("127.0.0.1", freeUdpPort(), ListeningPoint.UDP);
            SipProvider provider = stack.createSipProvider(lp);
            stack.start();
            return new AppStack(stack, provider);
        }

        String uri(String user) {
            ListeningPoint lp = provider.getListeningPoint(ListeningPoint.UDP);
            return "sip:" + user + "@" + lp.getIPAddress() + ":" + lp.getPort();
        }

        @Override
        public void close() {
            stack.stop();
        }

        private static int freeUdpPort() throws Exception {
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                return probe.getLocalPort();
            }
        }
    }
}
