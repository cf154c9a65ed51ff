package org.sipice.sip.internal;

import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.sip.CallEvent;

/**
 * What the call reads off a SIP message: whether its body is SDP, which option tags it requires
 * or supports (RFC 3261 §20.32, §20.37), and how it appears in the call's events.
 */
final class SipMessages {
    private SipMessages() {
    }

    static CallEvent.SipMessage sent(Message m) {
        return describe(CallEvent.Direction.SENT, m);
    }

    static CallEvent.SipMessage received(Message m) {
        return describe(CallEvent.Direction.RECEIVED, m);
    }

    private static CallEvent.SipMessage describe(CallEvent.Direction direction, Message m) {
        String cseq = ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getMethod();
        boolean sdp = hasSdp(m);
        if (m instanceof Request) {
            return new CallEvent.SipMessage(direction, ((Request) m).getMethod(), cseq, sdp, false);
        }
        Response r = (Response) m;
        boolean reliable = r.getStatusCode() > 100 && r.getStatusCode() < 200 && isRequired(r, "100rel");
        return new CallEvent.SipMessage(direction, r.getStatusCode() + " " + r.getReasonPhrase(), cseq, sdp,
                reliable);
    }

    static boolean hasSdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return m.getRawContent() != null && m.getRawContent().length > 0 && ct != null
                && "application".equalsIgnoreCase(ct.getContentType())
                && "sdp".equalsIgnoreCase(ct.getContentSubType());
    }

    static boolean isRequired(Message m, String tag) {
        for (java.util.ListIterator<?> it = m.getHeaders(RequireHeader.NAME); it.hasNext();) {
            if (tag.equalsIgnoreCase(((RequireHeader) it.next()).getOptionTag())) {
                return true;
            }
        }
        return false;
    }

    static boolean isSupportedOrRequired(Message m, String tag) {
        if (isRequired(m, tag)) {
            return true;
        }
        for (java.util.ListIterator<?> it = m.getHeaders(javax.sip.header.SupportedHeader.NAME); it.hasNext();) {
            if (tag.equalsIgnoreCase(((javax.sip.header.SupportedHeader) it.next()).getOptionTag())) {
                return true;
            }
        }
        return false;
    }
}
