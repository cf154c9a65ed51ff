package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.sdp.SdpFixtures.sdp;

import org.junit.jupiter.api.Test;

/**
 * What the parser accepts, the builder accepts too (issue 11, defect 11: a body without {@code o=}
 * parsed, then {@code toBuilder().build()} threw IllegalStateException).
 */
class ParseAndBuildAgreeTest {

    @Test
    void aBodyWithoutOriginIsAnSdpError() {
        String noOrigin = sdp("v=0", "s=-", "t=0 0", "m=audio 5000 RTP/AVP 0");

        IceSdpException e = assertThrows(IceSdpException.class, () -> IceSdp.parse(noOrigin));

        assertEquals(0, e.lineNumber());
        assertTrue(e.reason().startsWith("no o= line: the origin is mandatory (RFC 8866 §5.2)"), e.reason());
    }

    @Test
    void aBodyWithAnOriginBuildsBackToItself() {
        String body = sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "m=audio 5000 RTP/AVP 0");

        IceDescription parsed = IceSdp.parse(body);

        assertEquals(parsed, parsed.toBuilder().build());
    }

    @Test
    void theBuilderRefusesLineBreaksInAValue() {
        assertThrows(IceSdpException.class, () -> IceDescription.builder().origin("- 1 1 IN IP4 192.0.2.1")
                .sessionName("x\r\na=injected").build());
    }
}
