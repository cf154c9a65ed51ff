package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sipice.testkit.CallScript;
import org.sipice.testkit.LoopbackAgent;
import org.sipice.testkit.SipiceExtension;
import org.sipice.testkit.UseProfile;

/**
 * Calls between user agents on the profiles we ship, scripted with the testkit: each profile's
 * ladder is the one its comments promise. Host candidates are on loopback and the documentation
 * STUN servers of the shipped files are emptied, so only the profile's call flow is under test.
 */
@ExtendWith(SipiceExtension.class)
class ShippedProfilesCallTest {
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final Duration ICE = Duration.ofSeconds(15);
    private static final Duration MEDIA = Duration.ofSeconds(1);

    @Test
    @UseProfile("lan")
    void lanAnswersIn100RingsAfterIceAndCarriesMedia(LoopbackAgent alice, LoopbackAgent bob) {
        alice.calls(bob)
                .expectResponseWithAnswer(100, SHORT)
                .expectResponseWithAnswer(183, SHORT)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .mediaFlows(MEDIA)
                .callerHangsUp()
                .expectEnded(SHORT);
    }

    @Test
    @UseProfile("aggressive")
    void aggressiveNominatesOnEveryCheckAndMuxesRtcp(LoopbackAgent alice, LoopbackAgent bob) {
        CallScript call = alice.calls(bob)
                .expectResponseWithAnswer(100, SHORT)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .mediaFlows(MEDIA);
        assertTrue(call.call().selectedPair(1).orElseThrow().nominated());
        assertTrue(call.call().selectedPair(2).isEmpty(), "rtcp-mux: one component only");
        call.calleeHangsUp().expectEnded(SHORT);
    }

    @Test
    @UseProfile(value = "behind-proxy", set = "sipice.stun-servers=")
    void behindProxyPutsTheAnswerInAReliable183NotIn100(LoopbackAgent alice, LoopbackAgent bob) {
        CallScript call = alice.calls(bob)
                .expectResponseWithAnswer(183, SHORT)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .mediaFlows(MEDIA)
                .callerHangsUp()
                .expectEnded(SHORT);
        assertTrue(call.ladder().contains("183 Session Progress (INVITE) [100rel] +SDP"), call.ladder());
        assertTrue(!call.ladder().contains("100 Trying (INVITE) +SDP"), call.ladder());
    }

    @Test
    void aLanCallerAndAB2buaCalleeInteroperate(@UseProfile("lan") LoopbackAgent alice,
            @UseProfile(value = "b2bua", set = "sipice.stun-servers=") LoopbackAgent bob) {
        assertEquals(4, bob.config().candidatePoolSize());
        alice.calls(bob)
                .expectResponseWithAnswer(100, SHORT)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .mediaFlows(MEDIA)
                .callerHangsUp()
                .expectEnded(SHORT);
    }
}
