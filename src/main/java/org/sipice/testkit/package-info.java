/**
 * Scripted SIP call tests with JUnit 5: {@link org.sipice.testkit.SipiceExtension} gives a test
 * ready sipice user agents on 127.0.0.1 ({@link org.sipice.testkit.LoopbackAgent}), each from a
 * sip-profile chosen with {@link org.sipice.testkit.UseProfile}, and
 * {@link org.sipice.testkit.CallScript} scripts a call as a ladder with a deadline on every step:
 *
 * <pre>{@code
 * @ExtendWith(SipiceExtension.class)
 * class AliceCallsBobTest {
 *     @Test
 *     void iceCompletesBeforeBobRings(LoopbackAgent alice, LoopbackAgent bob) {
 *         alice.calls(bob)
 *                 .expectResponseWithAnswer(100, Duration.ofSeconds(2))
 *                 .expectRingingAfterIce(Duration.ofSeconds(5))
 *                 .calleeAnswers()
 *                 .expectEstablished(Duration.ofSeconds(2))
 *                 .mediaFlows(Duration.ofSeconds(1))
 *                 .callerHangsUp()
 *                 .expectEnded(Duration.ofSeconds(2));
 *     }
 * }
 * }</pre>
 *
 * A late or wrong step fails the test with an {@link AssertionError} that shows the steps so far
 * and the ladder of SIP messages and ICE events both agents saw. This package needs
 * {@code junit-jupiter-api} at run time, which sipice declares {@code provided}: a test suite
 * already has it, an application that does not use this package never loads it.
 */
package org.sipice.testkit;
