package example;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sipice.testkit.CallScript;
import org.sipice.testkit.LoopbackAgent;
import org.sipice.testkit.SipiceExtension;
import org.sipice.testkit.UseProfile;

/**
 * Two scripted calls between sipice user agents on 127.0.0.1. The extension starts one agent per
 * LoopbackAgent parameter (alice, bob... in parameter order) and stops them after each test. A step
 * that is late or wrong fails the test with the steps and the SIP ladder so far.
 */
@ExtendWith(SipiceExtension.class)
class AliceCallsBobTest {
    private static final Duration SOON = Duration.ofSeconds(5);
    private static final Duration ICE = Duration.ofSeconds(15);

    /** The ladder of the loopback-demo profile: ICE answer in 100 Trying, 180 only after ICE. */
    @Test
    void iceCompletesBeforeBobRings(LoopbackAgent alice, LoopbackAgent bob) {
        CallScript call = alice.calls(bob)
                .expectResponseWithAnswer(100, SOON)     // Bob's ICE answer in 100 Trying
                .expectRingingAfterIce(ICE)              // 180 only once Bob's ICE completed
                .calleeAnswers()
                .expectEstablished(SOON)                 // 200 OK, ACK
                .mediaFlows(Duration.ofSeconds(1))       // RTP both ways, none lost
                .callerHangsUp()
                .expectEnded(SOON);                      // BYE, 200 OK
        System.out.println(call.ladder());
    }

    /** A profile per test (or per class, or per agent), with keys overridden. */
    @Test
    @UseProfile(value = "behind-proxy", set = "sipice.stun-servers=")
    void behindAProxyTheAnswerTravelsInAReliable183(LoopbackAgent alice, LoopbackAgent bob) {
        alice.calls(bob)
                .expectResponseWithAnswer(183, SOON)     // 100 Trying never carries it here
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SOON)
                .calleeHangsUp()
                .expectEnded(SOON);
    }
}
