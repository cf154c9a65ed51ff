package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.stack.StunStack;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.testing.Eventually;

/**
 * RFC 8445 §7.2.5.1 on a consent check (RFC 7675 checks are ICE checks): the peer answers 487
 * Role Conflict, signed with its password, because it keeps its role; we take the other one,
 * and the next check carries it. An unsigned 487 changes nothing.
 */
class ConsentRoleConflictTest {
    private static final String BOB_UFRAG = "bobufrag";
    private static final String BOB_PWD = "bobs-password-of-22-chars";

    @Test
    void aSigned487SwitchesTheRoleAnUnsignedOneDoesNot() throws Exception {
        assertEquals(true, roleAfter487(true), "controlling after a signed 487 to our ICE-CONTROLLED check");
        assertEquals(false, roleAfter487(false), "still controlled after an unsigned 487");
    }

    /** Alice (controlled) sends one consent check to Bob, who answers 487; Alice's role afterwards. */
    private static boolean roleAfter487(boolean signed) throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true).build();
        Agent agent = Ice4jGathering.createAgent(config, IceRole.CONTROLLED, HostSocketFactory.EPHEMERAL, null);
        StunStack bobStack = new StunStack();
        try (DatagramSocket bob = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            bobStack.getCredentialsManager().registerAuthority(bobsKey());
            IceMediaStream stream = Ice4jGathering.createStream(agent, config);
            stream.setRemoteUfrag(BOB_UFRAG);
            stream.setRemotePassword(BOB_PWD);
            Component component = stream.getComponent(1);
            RemoteCandidate bobCandidate = new RemoteCandidate(new TransportAddress("127.0.0.1", bob.getLocalPort(),
                    Transport.UDP), component, CandidateType.HOST_CANDIDATE, "1", 2_130_706_431L, null);
            CandidatePair pair = new CandidatePair(component.getLocalCandidates().get(0), bobCandidate);
            AtomicInteger renewed = new AtomicInteger();

            assertTrue(ConsentCheck.send(agent, stream.getName(), 1, pair, 2000, c -> renewed.incrementAndGet()));
            DatagramPacket check = new DatagramPacket(new byte[1500], 1500);
            bob.setSoTimeout(5000);
            bob.receive(check);
            Request request = (Request) Message.decode(check.getData(), 0, check.getLength());
            Response conflict = MessageFactory.createBindingErrorResponse(ErrorCodeAttribute.ROLE_CONFLICT);
            conflict.setTransactionID(request.getTransactionID());
            if (signed) {
                conflict.putAttribute(AttributeFactory.createMessageIntegrityAttribute(BOB_UFRAG + ":x"));
            }
            byte[] wire = conflict.encode(bobStack);
            bob.send(new DatagramPacket(wire, wire.length, check.getSocketAddress()));

            if (signed) {
                Eventually.atLeast(() -> agent.isControlling() ? 1 : 0, 1, Duration.ofSeconds(5),
                        () -> "Alice controlling after a signed 487");
            } else {
                // Then Bob's signed success to the same check: once it renewed consent, the unsigned
                // 487 before it has been handled (and dropped).
                Response ok = MessageFactory.createBindingResponse(request,
                        new TransportAddress((InetSocketAddress) check.getSocketAddress(), Transport.UDP));
                ok.setTransactionID(request.getTransactionID());
                ok.putAttribute(AttributeFactory.createMessageIntegrityAttribute(BOB_UFRAG + ":x"));
                byte[] okWire = ok.encode(bobStack);
                bob.send(new DatagramPacket(okWire, okWire.length, check.getSocketAddress()));
                Eventually.atLeast(renewed::get, 1, Duration.ofSeconds(5),
                        () -> "consent renewed by the signed answer");
            }
            return agent.isControlling();
        } finally {
            bobStack.shutDown();
            agent.free();
        }
    }

    private static CredentialsAuthority bobsKey() {
        return new CredentialsAuthority() {
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
        };
    }
}
