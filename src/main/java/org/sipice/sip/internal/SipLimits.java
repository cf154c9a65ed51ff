package org.sipice.sip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import javax.sip.header.Header;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What sipice accepts in a request that carries an offer (an INVITE, a re-INVITE, an UPDATE),
 * checked before any offer processing; one place for the SIP layer's limits. The SDP codec has
 * limits of its own (lines, media sections, candidates), which it reports as an
 * {@code IceSdpException} naming the limit: that becomes 488 with a Warning carrying the message.
 */
final class SipLimits {

    /**
     * The largest message body we take, in bytes. Real ICE offers are 1-3 KB (baresip, Linphone,
     * sipice with every interface); a UDP datagram carries at most 65,507. Above it: 513 Message
     * Too Large (RFC 3261 §21.5.14). The same bound as the SDP codec's own body limit.
     */
    static final int MAX_BODY_BYTES = 32 * 1024;

    /**
     * The option tags we understand in Require (RFC 3261 §8.2.2.3): reliable provisional
     * responses (RFC 3262) and ICE (RFC 5768 §4.3). Anything else gets 420 Bad Extension.
     */
    static final Set<String> UNDERSTOOD_OPTION_TAGS = Set.of("100rel", "ice");

    /**
     * Why a request is refused before its offer is looked at.
     *
     * @param status  the final response
     * @param warning the text of its Warning header
     * @param headers more headers (Unsupported for a 420)
     */
    record Refusal(int status, String warning, List<Header> headers) {
    }

    private SipLimits() {
    }

    /** Null if {@code request} may go on to offer/answer; else how to refuse it. */
    static Refusal check(SipContext context, Request request) throws java.text.ParseException {
        List<String> unknown = unknownRequired(request);
        if (!unknown.isEmpty()) {
            // RFC 3261 §8.2.2.3: 420 with an Unsupported header listing each tag we do not understand.
            List<Header> unsupported = new ArrayList<>();
            for (String tag : unknown) {
                unsupported.add(context.headers.createUnsupportedHeader(tag));
            }
            return new Refusal(Response.BAD_EXTENSION, "unsupported extension required: " + String.join(", ", unknown),
                    unsupported);
        }
        byte[] body = request.getRawContent();
        if (body != null && body.length > MAX_BODY_BYTES) {
            return new Refusal(Response.MESSAGE_TOO_LARGE,
                    "message body of " + body.length + " bytes exceeds the limit of " + MAX_BODY_BYTES, List.of());
        }
        if (body != null && body.length > 0 && !isSdp(request)) {
            // RFC 3261 §8.2.3: a body we cannot read gets 415 with an Accept header listing what we read.
            javax.sip.header.ContentTypeHeader type =
                    (javax.sip.header.ContentTypeHeader) request.getHeader(javax.sip.header.ContentTypeHeader.NAME);
            return new Refusal(Response.UNSUPPORTED_MEDIA_TYPE, "only application/sdp bodies are understood, not "
                    + (type == null ? "a body without Content-Type" : type.getContentType() + "/" + type.getContentSubType()),
                    List.of(context.headers.createAcceptHeader("application", "sdp")));
        }
        if (Request.INVITE.equals(request.getMethod()) && request.getHeader(javax.sip.header.ContactHeader.NAME) == null) {
            // RFC 3261 §8.1.1.8: a request that can establish a dialog must carry a Contact.
            return new Refusal(Response.BAD_REQUEST, "missing Contact header (RFC 3261 section 8.1.1.8)", List.of());
        }
        return null;
    }

    /** Content-Type application/sdp (RFC 3264 §5: the only body offer/answer uses here), any parameters. */
    private static boolean isSdp(Request request) {
        javax.sip.header.ContentTypeHeader type =
                (javax.sip.header.ContentTypeHeader) request.getHeader(javax.sip.header.ContentTypeHeader.NAME);
        return type != null && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    /** Answers an in-dialog offer {@link #check} refuses, in {@code st}; true if it did. */
    static boolean refused(MidCallOffer midCall, javax.sip.ServerTransaction st, Request request) {
        try {
            Refusal refusal = check(midCall.context(), request);
            if (refusal != null) {
                midCall.respond(st, request, refusal.status(), null, refusal.warning(), refusal.headers().toArray(new Header[0]));
            }
            return refusal != null;
        } catch (java.text.ParseException e) {
            midCall.respond(st, request, Response.BAD_REQUEST, null, "unusable Require header");
            return true;
        }
    }

    /** The Require option tags of {@code request} we do not understand, in order, each once. */
    static List<String> unknownRequired(Request request) {
        List<String> unknown = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext();) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !UNDERSTOOD_OPTION_TAGS.contains(tag.toLowerCase(java.util.Locale.ROOT))
                    && !unknown.contains(tag)) {
                unknown.add(tag);
            }
        }
        return unknown;
    }
}
