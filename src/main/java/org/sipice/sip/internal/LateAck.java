package org.sipice.sip.internal;

import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;

/**
 * Makes sure JAIN-SIP stops retransmitting our 2xx once its ACK has arrived (RFC 3261
 * §13.3.1.4: the 2xx is retransmitted until the ACK comes, and only until then).
 *
 * <p>JAIN-SIP 1.3.0-91 sends a 2xx to an INVITE first and starts the dialog's retransmission
 * timer afterwards ({@code SIPServerTransactionImpl.sendResponse}); the timer's transaction is
 * what the dialog matches an ACK against ({@code SIPDialog.ackReceived}). A peer fast enough to
 * ACK in between has its ACK passed to us but not recorded, and the timer then sends the 2xx once
 * more T1 (500 ms) later. When the ACK reaches the call, the 2xx has been sent and the timer
 * exists, so the ACK is handed to the dialog once more: a no-op if the RI recorded it, else it
 * stops the timer now.
 */
final class LateAck {
    private LateAck() {
    }

    /**
     * {@code ack} arrived for the 2xx we sent in {@code inviteTx} (same CSeq number), in
     * {@code dialog}. Safe to call for every ACK.
     */
    static void confirm(Dialog dialog, ServerTransaction inviteTx, Request ack) {
        if (!(dialog instanceof gov.nist.javax.sip.stack.SIPDialog)
                || !(inviteTx instanceof gov.nist.javax.sip.stack.SIPServerTransaction)) {
            return;
        }
        long ackCseq = ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber();
        long inviteCseq = ((CSeqHeader) inviteTx.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (ackCseq == inviteCseq) {
            ((gov.nist.javax.sip.stack.SIPDialog) dialog).handleAck(
                    (gov.nist.javax.sip.stack.SIPServerTransaction) inviteTx);
        }
    }
}
