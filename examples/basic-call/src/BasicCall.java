import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.media.RtpPacket;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;

/**
 * An existing JAIN-SIP user agent adds ICE with sipice. Bob and Alice each run their own
 * JAIN-SIP stack on 127.0.0.1, created the ordinary way; sipice is installed on each provider
 * in one line. Alice calls Bob, sends 25 RTP packets over the selected candidate pair, hangs up.
 */
public final class BasicCall {
    /** Generous: Bob's ringing gate alone may hold the call for up to 10 s (loopback-demo). */
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int PACKETS = 25;
    /** PCMU (payload type 0, RFC 3551 §4.5.14): one 160-sample frame every 20 ms. */
    private static final int PCMU = 0;
    private static final int PTIME_MS = 20;

    private BasicCall() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            System.out.println("BasicCall: " + run());
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // JAIN-SIP leaves its non-daemon EventScannerThread running after SipStack.stop()
        // (RestComm/jain-sip#198), so the JVM would not end by itself when main returns.
        System.exit(status);
    }

    /** Runs the call and returns a summary such as {@code ok pair=host/udp-host/udp received=25}. */
    static String run() throws Exception {
        SipProfile profile = SipProfile.load("loopback-demo");
        CompletableFuture<Call> incoming = new CompletableFuture<>();
        CallListener bobsPhone = new CallListener() {
            @Override
            public void incomingCall(Call call) {
                incoming.complete(call);
            }

            @Override
            public void readyToAlert(Call call) {
                // sipice held 180 Ringing until ICE found a working path; Bob picks up at once.
                call.answer();
            }
        };
        try (AppStack bobSip = AppStack.start(profile.stackProperties(), "bob");
                AppStack aliceSip = AppStack.start(profile.stackProperties(), "alice")) {
            System.out.println("Bob listens on " + bobSip.uri("bob") + ", Alice on " + aliceSip.uri("alice"));

            // ---- The sipice part: one line per user agent. sipice becomes the provider's
            // listener for INVITE dialogs; pass your own SipListener instead of null and it
            // still receives everything else (MESSAGE, OPTIONS, REGISTER responses...).
            CallConfig config = profile.callConfig();
            IceUserAgent bob = IceUserAgent.create(bobSip.provider(), "bob", config, bobsPhone, null);
            IceUserAgent alice = IceUserAgent.create(aliceSip.provider(), "alice", config, null, null);
            // ---- End of the sipice part. Close the user agents before stopping the stacks.
            try (bob; alice) {
                return call(alice, bobSip.uri("bob"), incoming);
            }
        }
    }

    private static String call(IceUserAgent alice, String bobUri, CompletableFuture<Call> incoming)
            throws Exception {
        Call call = alice.call(bobUri);
        await(call.established());
        await(call.iceReady());
        Call atBob = await(incoming);
        await(atBob.established());
        CandidatePairInfo pair = call.selectedPair(1).orElseThrow();
        System.out.println("Alice called Bob: established, RTP on " + pair);

        AtomicInteger received = new AtomicInteger();
        CountDownLatch allReceived = new CountDownLatch(PACKETS);
        atBob.media().receive((component, data, length, from) -> {
            if (component == 1) {
                received.incrementAndGet();
                allReceived.countDown();
            }
        });
        byte[] silence = new byte[160];
        for (int seq = 0; seq < PACKETS; seq++) {
            byte[] rtp = RtpPacket.packet(PCMU, seq, seq * 160L, 0xA11CEL, silence);
            call.media().send(1, rtp, 0, rtp.length);
            Thread.sleep(PTIME_MS); // media pacing, one frame per ptime; not synchronisation
        }
        allReceived.await(5, TimeUnit.SECONDS);
        System.out.println("Alice sent " + PACKETS + " RTP packets, Bob received " + received.get());

        call.hangup();
        String aliceEnd = await(call.ended()).reason();
        System.out.println("Call ended: Alice " + aliceEnd + ", Bob " + await(atBob.ended()).reason());
        if (received.get() != PACKETS) {
            throw new IllegalStateException("Bob received " + received.get() + " of " + PACKETS + " packets");
        }
        return "ok pair=" + pair.typeSummary() + " received=" + received.get();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The application's own JAIN-SIP stack, exactly as it was before sipice: no sipice here. */
    private record AppStack(SipStack stack, SipProvider provider) implements AutoCloseable {
        static AppStack start(Properties properties, String name) throws Exception {
            // STACK_NAME must be unique: SipFactory keeps every stack it made by name, stopped ones too.
            properties.setProperty("javax.sip.STACK_NAME", name + "-" + System.nanoTime());
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            SipStack stack = factory.createSipStack(properties);
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
            stack.stop(); // takes about a second: a fixed sleep inside the JAIN-SIP RI
        }

        private static int freeUdpPort() throws Exception {
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                return probe.getLocalPort();
            }
        }
    }
}
