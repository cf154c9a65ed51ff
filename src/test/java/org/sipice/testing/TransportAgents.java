package org.sipice.testing;

import static org.sipice.testing.Await.await;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;
import org.sipice.sip.SipTls;
import org.sipice.sip.SipTransport;

/**
 * Alice and Bob as {@link TwoAgents} has them (loopback-demo profile, Bob answers when his
 * ringing gate opens), each listening on a transport of the test's choosing with its own TLS
 * settings. Both stop after each test.
 */
public final class TransportAgents implements AfterEachCallback {
    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder bobEvents = new CallRecorder(true);
    private SipEndpoint aliceSip;
    private SipEndpoint bobSip;
    private IceUserAgent alice;
    private IceUserAgent bob;

    /** Alice's and Bob's sides of one call. */
    public record Ends(Call alice, Call bob) {
    }

    /**
     * The whole call a ladder test checks: Alice calls {@code bobUri}, both ends establish, ICE is
     * ready, 50 packets go each way ({@link CallMedia#exchange}), Alice hangs up and both ends end.
     */
    public Ends callTalkAndHangUp(String bobUri) throws Exception {
        Call call = alice.call(bobUri);
        await(call.established());
        Call bobCall = bobEvents.awaitIncoming(Duration.ofSeconds(15));
        await(bobCall.established());
        await(call.iceReady());
        CallMedia.exchange(call, bobCall, 50, Duration.ofSeconds(5));
        call.hangup();
        await(call.ended());
        await(bobCall.ended());
        return new Ends(call, bobCall);
    }

    public void start(SipTransport transport, SipTls aliceTls, SipTls bobTls) throws Exception {
        startBob(transport, bobTls);
        startAlice(transport, aliceTls);
    }

    /** Bob alone first, when Alice's settings depend on his (the fingerprint she pins). */
    public void startBob(SipTransport transport, SipTls tls) throws Exception {
        bobSip = endpoint("bob", transport, tls);
        bob = IceUserAgent.create(bobSip.provider(), "bob", profile().callConfig(), bobEvents, null);
    }

    public void startAlice(SipTransport transport, SipTls tls) throws Exception {
        aliceSip = endpoint("alice", transport, tls);
        alice = IceUserAgent.create(aliceSip.provider(), "alice", profile().callConfig(), aliceEvents, null);
    }

    private static SipProfile profile() {
        return SipProfile.load("loopback-demo");
    }

    private static SipEndpoint endpoint(String user, SipTransport transport, SipTls tls) throws Exception {
        return TestUserAgent.startEndpoint(user, transport, tls);
    }

    public IceUserAgent alice() {
        return alice;
    }

    public IceUserAgent bob() {
        return bob;
    }

    public SipEndpoint aliceSip() {
        return aliceSip;
    }

    public SipEndpoint bobSip() {
        return bobSip;
    }

    public CallRecorder aliceEvents() {
        return aliceEvents;
    }

    public CallRecorder bobEvents() {
        return bobEvents;
    }

    /** Stops both (also what runs after each test). */
    public void stop() {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, aliceSip, bobSip}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        alice = bob = null;
        aliceSip = bobSip = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }
}
