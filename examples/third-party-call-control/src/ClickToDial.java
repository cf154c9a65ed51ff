import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.sipice.media.RtpPacket;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;
import org.sipice.thirdparty.ControlledCall;
import org.sipice.thirdparty.ControllerEvent;
import org.sipice.thirdparty.Flow;
import org.sipice.thirdparty.ThirdPartyController;

/**
 * Click-to-dial and transfer by a third-party controller (RFC 3725), on 127.0.0.1: the controller
 * connects Alice and Bob (Flow I), RTP flows between them directly, then it moves Alice to Carol
 * with an offerless re-INVITE: Alice restarts ICE with new credentials toward Carol, Bob gets a
 * BYE, and RTP flows between Alice and Carol. The controller never sees media.
 */
public final class ClickToDial {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private ClickToDial() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            System.out.println("ClickToDial: " + run());
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the JAIN-SIP RI leaves a non-daemon thread after SipStack.stop()
    }

    /** Returns {@code ok ufrag_before=... ufrag_after=... rtp_to_bob=10 rtp_to_carol=10}. */
    static String run() throws Exception {
        SipProfile profile = SipProfile.load("loopback-demo");
        Phone alicePhone = new Phone();
        Phone bobPhone = new Phone();
        Phone carolPhone = new Phone();
        try (AppStack aliceSip = AppStack.start(profile.stackProperties(), "alice");
                AppStack bobSip = AppStack.start(profile.stackProperties(), "bob");
                AppStack carolSip = AppStack.start(profile.stackProperties(), "carol");
                AppStack controllerSip = AppStack.start(profile.stackProperties(), "controller")) {
            IceUserAgent alice = IceUserAgent.create(aliceSip.provider(), "alice", profile.callConfig(), alicePhone,
                    null);
            IceUserAgent bob = IceUserAgent.create(bobSip.provider(), "bob", profile.callConfig(), bobPhone, null);
            IceUserAgent carol = IceUserAgent.create(carolSip.provider(), "carol", profile.callConfig(), carolPhone,
                    null);
            // ---- The controller: plain JAIN-SIP signalling, no media, no ICE of its own.
            ThirdPartyController controller = ThirdPartyController.builder(controllerSip.provider())
                    .listener(ClickToDial::print).start();
            try (alice; bob; carol; controller) {
                ControlledCall call = controller.connect(aliceSip.uri("alice"), bobSip.uri("bob"), Flow.I);
                await(call.connected());
                Call a = await(alicePhone.call);
                Call b = await(bobPhone.call);
                await(a.iceReady());
                await(b.iceReady());
                String before = a.localIce().orElseThrow().credentials().ufrag();
                int toBob = rtp(a, b, 10);
                System.out.println("Alice and Bob talk: ufrag " + before + " -> " + toBob + " RTP packets at Bob");

                await(call.transfer(carolSip.uri("carol")));
                Call c = await(carolPhone.call);
                await(c.established());
                await(c.iceReady());
                // Make-before-break (RFC 8445 §9): Alice sends on her old pair until her new
                // generation has selected its own.
                await(alicePhone.restarted);
                await(b.ended());
                String after = a.localIce().orElseThrow().credentials().ufrag();
                int toCarol = rtp(a, c, 10);
                System.out.println("Alice moved to Carol: ufrag " + before + " -> " + after + ", " + toCarol
                        + " RTP packets at Carol; Bob " + await(b.ended()).reason());

                call.hangup();
                await(call.ended());
                if (before.equals(after) || toBob != 10 || toCarol != 10) {
                    throw new IllegalStateException("transfer without an ICE restart or lost media");
                }
                return "ok ufrag_before=" + before + " ufrag_after=" + after + " rtp_to_bob=" + toBob
                        + " rtp_to_carol=" + toCarol;
            }
        }
    }

    /** A phone that answers as soon as sipice lets it ring (ICE ready, RFC 8839 §7.1.1). */
    private static final class Phone implements CallListener {
        final CompletableFuture<Call> call = new CompletableFuture<>();
        /** The new ICE generation selected its pairs: media now goes to the new peer. */
        final CompletableFuture<Void> restarted = new CompletableFuture<>();

        @Override
        public void incomingCall(Call incoming) {
            call.complete(incoming);
        }

        @Override
        public void readyToAlert(Call incoming) {
            incoming.answer();
        }

        @Override
        public void onEvent(Call c, long atNanos, org.sipice.sip.CallEvent event) {
            if (event instanceof org.sipice.sip.CallEvent.Ice ice
                    && ice.event() instanceof org.sipice.ice.IceEvent.RestartCompleted) {
                restarted.complete(null);
            }
        }
    }

    /** Sends {@code packets} RTP packets from {@code from} and counts those {@code to} receives. */
    private static int rtp(Call from, Call to, int packets) throws Exception {
        CountDownLatch all = new CountDownLatch(packets);
        to.media().receive((component, data, length, source) -> {
            if (component == 1) {
                all.countDown();
            }
        });
        byte[] silence = new byte[160];
        for (int seq = 0; seq < packets; seq++) {
            byte[] p = RtpPacket.packet(0, seq, seq * 160L, 0xA11CEL, silence);
            from.media().send(1, p, 0, p.length);
        }
        all.await(5, TimeUnit.SECONDS);
        return packets - (int) all.getCount();
    }

    private static void print(ControllerEvent event) {
        if (event instanceof ControllerEvent.SipMessage m) {
            System.out.println("  controller " + (m.message().direction() == org.sipice.sip.CallEvent.Direction.SENT
                    ? "-> " : "<- ") + m.party() + "  " + m.message().describe());
        } else {
            System.out.println("  controller: " + event);
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
