package org.sipice.testing;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sipice.sip.CallConfig;

/**
 * Alice and Bob, two sipice user agents on 127.0.0.1 ({@link TestUserAgent}), each with a
 * {@link CallRecorder}: Alice's only records (she is the caller), Bob's also answers each call
 * when its ringing gate opens. Both stop after each test.
 *
 * <pre>
 * &#64;RegisterExtension
 * final TwoAgents agents = new TwoAgents();
 * ...
 * agents.start(alice -&gt; alice, bob -&gt; bob.toBuilder().earlyAnswer(RELIABLE_183).build());
 * Call call = agents.alice().ua().call(agents.bob().uri());
 * Call bobCall = agents.bobEvents().awaitIncoming(DEADLINE);
 * </pre>
 */
public final class TwoAgents implements AfterEachCallback {
    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder bobEvents = new CallRecorder(true);
    private TestUserAgent alice;
    private TestUserAgent bob;

    /** Starts both with the loopback-demo profile's call settings. */
    public void start() throws Exception {
        start(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** Starts both, their loopback-demo call settings adjusted by {@code aliceTweak} and {@code bobTweak}. */
    public void start(UnaryOperator<CallConfig> aliceTweak, UnaryOperator<CallConfig> bobTweak) throws Exception {
        alice = TestUserAgent.start("alice", aliceEvents, aliceTweak);
        bob = TestUserAgent.start("bob", bobEvents, bobTweak);
    }

    public TestUserAgent alice() {
        return alice;
    }

    public TestUserAgent bob() {
        return bob;
    }

    /** Alice's calls' events (she answers nothing by herself). */
    public CallRecorder aliceEvents() {
        return aliceEvents;
    }

    /** Bob's calls' events (he answers each call when its ringing gate opens). */
    public CallRecorder bobEvents() {
        return bobEvents;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }
}
