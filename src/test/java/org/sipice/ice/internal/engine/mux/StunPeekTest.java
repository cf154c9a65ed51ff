package org.sipice.ice.internal.engine.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/** What the mux reads of a datagram before it knows whose it is. */
class StunPeekTest {

    private static byte[] check(String username, TransactionId id) throws Exception {
        Request r = MessageFactory.createBindingRequest();
        r.setTransactionID(id.bytes());
        r.putAttribute(AttributeFactory.createPriorityAttribute(0x6e0001ffL)); // USERNAME is not first
        if (username != null) {
            r.putAttribute(AttributeFactory.createUsernameAttribute(username));
        }
        return StunCodec.encode(r, StunCodec.shortTermKey("pwd"), true);
    }

    @Test
    void aChecksReceiverUfragIsThePartOfUsernameBeforeTheColon() throws Exception {
        TransactionId id = TransactionId.random();
        byte[] bytes = check("srv1:peerA", id);
        assertTrue(StunPeek.isStun(bytes, 0, bytes.length));
        assertTrue(StunPeek.isRequest(bytes, 0));
        assertFalse(StunPeek.isResponse(bytes, 0));
        assertEquals("srv1", StunPeek.receiverUfrag(bytes, bytes.length));
        assertEquals(id, StunPeek.transactionId(bytes, 0));
        assertEquals("srv1", StunPeek.receiverUfrag(check("srv1", id), check("srv1", id).length), "no colon");
    }

    @Test
    void noUsernameAnEmptyUfragOrAnAttributePastTheEndGiveNoUfrag() throws Exception {
        byte[] none = check(null, TransactionId.random());
        assertNull(StunPeek.receiverUfrag(none, none.length));
        byte[] empty = check(":peerA", TransactionId.random());
        assertNull(StunPeek.receiverUfrag(empty, empty.length));
        byte[] truncated = check("srv1:peerA", TransactionId.random());
        // PRIORITY's length field claims 0xFF00 bytes: the walk stops instead of reading past the datagram.
        truncated[StunCodec.HEADER_LENGTH + 2] = (byte) 0xFF;
        assertNull(StunPeek.receiverUfrag(truncated, truncated.length));
    }

    @Test
    void mediaAndAShiftedCopyAreToldApart() throws Exception {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        assertFalse(StunPeek.isStun(rtp, 0, rtp.length));
        byte[] bytes = check("srv1:peerA", TransactionId.random());
        byte[] shifted = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, shifted, 3, bytes.length);
        assertTrue(StunPeek.isStun(shifted, 3, bytes.length), "a request at an offset of the caller's array");
        assertFalse(StunPeek.isStun(Arrays.copyOf(bytes, bytes.length - 4), 0, bytes.length - 4), "length mismatch");
    }
}
