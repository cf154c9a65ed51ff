package org.sipice.sip.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

/**
 * Which requests carrying a call's Call-ID belong to that call. RFC 3261 §12: a dialog is
 * identified by the Call-ID, the local tag and the remote tag; the Call-ID alone is not enough,
 * and anyone who saw the call's signalling knows it. Read on the JAIN-SIP thread (the dispatcher
 * decides before posting), written from it too (remote tags come from responses the dispatcher
 * sees), hence thread-safe.
 *
 * <p>The callee's call has one dialog: our To-tag and the INVITE's From tag. The caller's call
 * may have several early dialogs when a proxy forked the INVITE (RFC 3261 §12.1, §13.2.2.4):
 * every To-tag of a response to our INVITE is a remote tag of one of its dialogs, and stays one
 * (a released fork's BYE still belongs to the call, {@link ForkedDialogs}).
 */
final class CallDialogs {

    /** What the dispatcher does with a request carrying the call's Call-ID. */
    enum Verdict {
        /** In one of the call's dialogs, or the CANCEL of the call's INVITE: the call handles it. */
        OURS,
        /** RFC 3261 §12.2.2: a To-tag that matches no dialog of the call: 481. */
        NO_SUCH_DIALOG,
        /** An INVITE outside any dialog reusing the live Call-ID: 482 (see {@link #match}). */
        MERGED,
        /** An ACK outside the call's dialogs: never answered (RFC 3261 §17.2.3), dropped. */
        DROP,
        /** A request outside any dialog that is not an INVITE (OPTIONS...): not the call's. */
        NOT_OURS
    }

    private final String localTag;
    private final Set<String> remoteTags = ConcurrentHashMap.newKeySet();

    private CallDialogs(String localTag) {
        this.localTag = localTag;
    }

    /** The callee's call: one dialog, our To-tag and the caller's From tag. */
    static CallDialogs callee(String ourTag, Request invite) {
        CallDialogs d = new CallDialogs(ourTag);
        String theirs = fromTag(invite);
        if (theirs != null) {
            d.remoteTags.add(theirs);
        }
        return d;
    }

    /** The caller's call: our From tag; remote tags arrive with the responses ({@link #addRemote}). */
    static CallDialogs caller(String ourTag) {
        return new CallDialogs(ourTag);
    }

    /** A response to our INVITE with a To-tag created (or repeated) an early or confirmed dialog. */
    void addRemote(String tag) {
        if (tag != null) {
            remoteTags.add(tag);
        }
    }

    /**
     * A response on one of our client transactions: a To-tag in a 1xx (other than 100) or 2xx to
     * our INVITE is a dialog of the call (forks included). Responses matching no transaction of
     * ours teach nothing: anyone can forge those.
     */
    void onResponse(javax.sip.ResponseEvent event) {
        javax.sip.message.Response response = event.getResponse();
        javax.sip.ClientTransaction ct = event.getClientTransaction();
        int status = response.getStatusCode();
        javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) response.getHeader(
                javax.sip.header.CSeqHeader.NAME);
        if (ct == null || status <= 100 || status >= 300 || cseq == null || !Request.INVITE.equals(cseq.getMethod())
                || !localTag.equals(fromTag(ct.getRequest()))) {
            return;
        }
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        addRemote(to == null ? null : to.getTag());
    }

    /**
     * Decides for a request carrying this call's Call-ID.
     *
     * <ul>
     *   <li>With a To-tag: ours only if the To-tag is our tag and the From tag a remote tag of
     *       one of the call's dialogs; otherwise RFC 3261 §12.2.2: 481 Call/Transaction Does Not
     *       Exist (an ACK is dropped: no response to an ACK).</li>
     *   <li>A CANCEL (RFC 3261 §9.1: same From, To and Call-ID as the INVITE, so no To-tag): ours
     *       if its From tag is the caller's.</li>
     *   <li>An INVITE without To-tag: not a new call. The RI absorbs the retransmissions of the
     *       call's own INVITE, so what reaches us is either the same request by another path
     *       (RFC 3261 §8.2.2.2, merged request: 482 Loop Detected; our own INVITE coming back to
     *       the caller is that case too) or a new dialog reusing a live Call-ID, which a UAC MUST
     *       NOT do (RFC 3261 §8.1.1.4: globally unique). A Call-ID is what an application knows a
     *       call by ({@link org.sipice.sip.Call#id()}: a B2BUA's bridges, a softphone's calls), so
     *       a second call under it is refused the same way, before or after the call is
     *       established; a sender that meant a new call retries with a new Call-ID.</li>
     *   <li>Other requests without To-tag are outside any dialog: not the call's.</li>
     * </ul>
     */
    Verdict match(Request request) {
        String to = toTag(request);
        String from = fromTag(request);
        String method = request.getMethod();
        if (to != null) {
            if (to.equals(localTag) && from != null && remoteTags.contains(from)) {
                return Verdict.OURS;
            }
            return Request.ACK.equals(method) ? Verdict.DROP : Verdict.NO_SUCH_DIALOG;
        }
        if (Request.CANCEL.equals(method)) {
            return from != null && remoteTags.contains(from) ? Verdict.OURS : Verdict.NO_SUCH_DIALOG;
        }
        if (Request.INVITE.equals(method)) {
            return Verdict.MERGED;
        }
        return Request.ACK.equals(method) ? Verdict.DROP : Verdict.NOT_OURS;
    }

    static String toTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    static String fromTag(Request request) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        return from == null ? null : from.getTag();
    }

    @Override
    public String toString() {
        return "dialogs[local " + localTag + ", remote " + remoteTags + "]";
    }
}
