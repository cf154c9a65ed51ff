package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.sip.EarlyAnswerMode;

/**
 * Which responses carry the callee's ICE answer, by the profile's {@code sipice.early-answer}
 * mode, by whether the caller supports 100rel (RFC 3262), and by whether our own 100 Trying is
 * still free ({@link OwnTrying}: once it went out bodyless, a second 100 would be taken for a
 * retransmission, RFC 3261 §17.1.1.2). The 200 always carries it too.
 */
class EarlyAnswerTableTest {

    @ParameterizedTest(name = "{0}, caller 100rel={1}, 100 free={2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # mode            | caller 100rel | our 100 free | responses carrying the answer
            TRYING_100        | true          | true         | 100, 200
            TRYING_100        | false         | true         | 100, 200
            RELIABLE_183      | true          | true         | reliable 183, 200
            RELIABLE_183      | false         | true         | retransmitted 183, 200
            RETRANSMITTED_183 | true          | true         | retransmitted 183, 200
            RETRANSMITTED_183 | false         | true         | retransmitted 183, 200
            AUTO              | true          | true         | 100, reliable 183, 200
            AUTO              | false         | true         | 100, retransmitted 183, 200
            TRYING_100        | true          | false        | reliable 183, 200
            TRYING_100        | false         | false        | retransmitted 183, 200
            AUTO              | true          | false        | reliable 183, 200
            AUTO              | false         | false        | retransmitted 183, 200
            RELIABLE_183      | true          | false        | reliable 183, 200
            """)
    void theAnswerGoesIn(EarlyAnswerMode mode, boolean peerHas100rel, boolean tryingFree, String responses) {
        assertEquals(responses, EarlyAnswer.plan(mode, peerHas100rel, tryingFree).toString());
    }
}
