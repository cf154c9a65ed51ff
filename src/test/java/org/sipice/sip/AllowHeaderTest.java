package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.AllowHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Closer;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.ScriptedUas;
import org.sipice.testing.TestUserAgent;

/**
 * RFC 3261 §20.5: our INVITE and our 2xx to INVITE list the methods a sipice call handles, so a
 * peer knows it may send UPDATE (RFC 3311 §5.1) and PRACK (RFC 3262); a profile may leave UPDATE out.
 */
class AllowHeaderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final List<String> ALL = List.of("INVITE", "ACK", "CANCEL", "BYE", "PRACK", "UPDATE");

    @RegisterExtension
    final Closer closer = new Closer();
    private TestUserAgent ua;
    private ScriptedUas uas;
    private BareSipPeer uac;
    private PlainRtpPeer media;

    @Test
    void ourInviteListsTheMethodsWeHandle() throws Exception {
        media = closer.add(PlainRtpPeer.start());
        uas = closer.add(ScriptedUas.start("peer", r -> ScriptedUas.Reply.ok(media.sdp("peer"))));
        ua = closer.add(TestUserAgent.start("alice", new CallRecorder(false)));
        ua.ua().call(uas.sipUri("bob"));
        assertEquals(ALL, allow(uas.awaitRequest(Request.INVITE, 1, DEADLINE).request()));
    }

    @Test
    void ourOkToInviteListsTheMethodsWeHandleAndAProfileMayLeaveUpdateOut() throws Exception {
        media = closer.add(PlainRtpPeer.start());
        ua = closer.add(TestUserAgent.start("bob", new CallRecorder(true), c -> c.toBuilder().allowUpdate(false).build()));
        uac = closer.add(BareSipPeer.start("caller"));
        uac.send(uac.invite("bob", ua.sip(), media.sdp("caller")));
        BareSipPeer.Arrival ok = uac.await(a -> a.status() == 200, 1, DEADLINE, "200 OK").get(0);
        assertEquals(List.of("INVITE", "ACK", "CANCEL", "BYE", "PRACK"), allow(ok.response()));
    }

    private static List<String> allow(Message m) {
        List<String> methods = new ArrayList<>();
        for (ListIterator<?> it = m.getHeaders(AllowHeader.NAME); it.hasNext();) {
            methods.add(((AllowHeader) it.next()).getMethod());
        }
        return methods;
    }
}
