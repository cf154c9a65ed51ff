package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import javax.sip.header.ContactHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.testing.TransportAgents;

/**
 * The call of BasicCallLadderTest over TCP (RFC 3261 §18): the INVITE goes to
 * {@code sip:bob@127.0.0.1:port;transport=tcp}, its Via says TCP and its Contact
 * {@code ;transport=tcp}, and ICE and media run as over UDP.
 *
 * <pre>
 *   Alice                                  Bob
 *     INVITE ;transport=tcp (offer)     -->
 *                   ... the ladder of BasicCallLadderTest ...
 *     BYE                               -->
 *                                       <-- 200 OK (BYE)
 * </pre>
 */
class SipOverTcpLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    final TransportAgents agents = new TransportAgents();

    @Test
    void aliceCallsBobOverTcpIceCompletesMediaFlowsThenBye() throws Exception {
        agents.start(SipTransport.TCP, SipTls.defaults(), SipTls.defaults());
        String bobUri = agents.bobSip().uri("bob");
        assertTrue(bobUri.endsWith(";transport=tcp"), bobUri);

        TransportAgents.Ends call = agents.callTalkAndHangUp(bobUri);
        Call bobCall = call.bob();
        assertEquals("BYE received", await(bobCall.ended()).reason());

        Request invite = bobCall.incomingInvite().orElseThrow();
        assertEquals("TCP", ((ViaHeader) invite.getHeader(ViaHeader.NAME)).getTransport());
        String contact = ((ContactHeader) invite.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
        assertTrue(contact.contains("transport=tcp"), contact);
        assertEquals(List.of(
                "<- INVITE +SDP",
                "-> 100 Trying (INVITE) +SDP",
                "-> 183 Session Progress (INVITE) [100rel] +SDP",
                "<- PRACK",
                "-> 200 OK (PRACK)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK",
                "<- BYE",
                "-> 200 OK (BYE)"), agents.bobEvents().ladder());
    }
}
