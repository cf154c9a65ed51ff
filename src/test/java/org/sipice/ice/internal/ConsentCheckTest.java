package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;
import org.ice4j.stack.TransactionID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only an authenticated answer renews consent (RFC 7675 §5.1): the response's MESSAGE-INTEGRITY
 * must verify with the peer's password. Responses are built and signed the way Bob's ice4j
 * agent signs its answers.
 */
class ConsentCheckTest {
    private static final String BOB_PWD = "bobs-password-of-22-chars";
    private static final TransportAddress ALICE = new TransportAddress(InetAddress.getLoopbackAddress(), 40000,
            Transport.UDP);
    private static final TransportAddress BOB = new TransportAddress(InetAddress.getLoopbackAddress(), 40002,
            Transport.UDP);

    private StunStack bobStack;

    @BeforeEach
    void bobsStack() {
        Ice4jRuntime.ensureConfigured();
        bobStack = new StunStack();
        bobStack.getCredentialsManager().registerAuthority(new CredentialsAuthority() {
            @Override
            public byte[] getLocalKey(String username) {
                return BOB_PWD.getBytes();
            }

            @Override
            public byte[] getRemoteKey(String username, String media) {
                return null;
            }

            @Override
            public boolean checkLocalUserName(String username) {
                return true;
            }
        });
    }

    @AfterEach
    void stop() {
        bobStack.shutDown();
    }

    /** Bob's Binding success response to Alice's check, as bytes on the wire. */
    private byte[] answer(boolean signed) throws Exception {
        Request check = MessageFactory.createBindingRequest();
        check.setTransactionID(TransactionID.createNewTransactionID().getBytes());
        Response response = MessageFactory.createBindingResponse(check, ALICE);
        response.setTransactionID(check.getTransactionID());
        response.putAttribute(AttributeFactory.createUsernameAttribute("bobufrag:aliceufrag"));
        if (signed) {
            response.putAttribute(AttributeFactory.createMessageIntegrityAttribute("bobufrag:aliceufrag"));
        }
        return response.encode(bobStack);
    }

    private static boolean verifies(byte[] wire, String password) throws Exception {
        Message decoded = Message.decode(wire, 0, wire.length);
        return org.sipice.ice.internal.nomination.ShortTermIntegrity.verifies(decoded, RawMessage.build(wire, wire.length, BOB, ALICE), password);
    }

    @Test
    void anAnswerSignedWithThePeersPasswordRenewsConsent() throws Exception {
        assertTrue(verifies(answer(true), BOB_PWD));
    }

    @Test
    void anAnswerSignedWithAnotherPasswordDoesNot() throws Exception {
        assertFalse(verifies(answer(true), "somebody-elses-password"));
    }

    @Test
    void anUnsignedAnswerDoesNot() throws Exception {
        assertFalse(verifies(answer(false), BOB_PWD));
    }

    @Test
    void aTamperedAnswerDoesNot() throws Exception {
        byte[] wire = answer(true);
        wire[27] ^= 0x01; // inside XOR-MAPPED-ADDRESS, which MESSAGE-INTEGRITY covers
        assertFalse(verifies(wire, BOB_PWD));
    }
}
