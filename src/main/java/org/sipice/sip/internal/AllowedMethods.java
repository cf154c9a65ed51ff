package org.sipice.sip.internal;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * The {@code Allow} header of our INVITEs and of our 2xx to INVITE (RFC 3261 §20.5: SHOULD be in
 * a 2xx to INVITE; RFC 3311 §5.1: how a peer learns that it may send UPDATE). The methods a sipice
 * call handles itself: INVITE, ACK, CANCEL, BYE, PRACK (RFC 3262, when 100rel is on) and UPDATE
 * (unless the profile turns it off).
 */
final class AllowedMethods {
    private AllowedMethods() {
    }

    static List<String> of(SipContext context) {
        List<String> methods = new ArrayList<>(List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE));
        if (context.config.supports100rel()) {
            methods.add(Request.PRACK);
        }
        if (context.config.allowUpdate()) {
            methods.add(Request.UPDATE);
        }
        return methods;
    }

    /** Adds one {@code Allow} header per method to {@code m}. */
    static void add(Message m, SipContext context) throws ParseException {
        for (String method : of(context)) {
            m.addHeader(context.headers.createAllowHeader(method));
        }
    }

    /** Whether {@code m} (the peer's INVITE or 2xx) lists {@code method} in Allow. */
    static boolean allows(Message m, String method) {
        for (java.util.ListIterator<?> it = m.getHeaders(javax.sip.header.AllowHeader.NAME); it.hasNext();) {
            if (method.equalsIgnoreCase(((javax.sip.header.AllowHeader) it.next()).getMethod())) {
                return true;
            }
        }
        return false;
    }
}
