package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;

/**
 * The far end of a selected pair on a {@link FakeNetwork}: it answers each Binding request the way
 * the test says (authenticated with its password, forged, unsigned, 487, from elsewhere, or not at
 * all) and records what it received, checking each request's FINGERPRINT and MESSAGE-INTEGRITY.
 */
final class FakePeer {

    /** How the peer answers a Binding request. */
    enum Answer {
        /** A success response signed with the peer's password: consent. */
        AUTHENTICATED,
        /** A success response signed with another password (an attacker guessing). */
        FORGED,
        /** A success response without MESSAGE-INTEGRITY. */
        UNSIGNED,
        /** A forged success response first, then the real one, to the same check. */
        FORGED_THEN_AUTHENTICATED,
        /** A signed 487 Role Conflict. */
        ROLE_CONFLICT,
        /** A 487 without MESSAGE-INTEGRITY. */
        UNSIGNED_ROLE_CONFLICT,
        /** A signed success response, but from another address of the peer. */
        FROM_ANOTHER_ADDRESS,
        /** A signed success response, but to another local port than the one the check left. */
        TO_ANOTHER_PORT,
        /** Nothing. */
        SILENT
    }

    private final String password;
    private final DatagramPort port;
    private final DatagramPort otherPort;
    private final InetSocketAddress anotherLocalPort;
    private final List<Request> requests = new ArrayList<>();
    private final List<InetSocketAddress> requestSources = new ArrayList<>();
    private int indications;
    private int media;
    private int badRequests;
    private int answersSent;
    private Answer answer = Answer.AUTHENTICATED;
    private Answer firstAnswer;

    /**
     * @param anotherLocalPort where {@link Answer#TO_ANOTHER_PORT} answers go (a port of ours that
     *                         did not send the check)
     */
    FakePeer(FakeNetwork net, InetSocketAddress address, String password, InetSocketAddress anotherLocalPort) {
        this.password = password;
        this.anotherLocalPort = anotherLocalPort;
        this.port = net.open(address, (p, data, length, from) -> received(data, length, from));
        this.otherPort = net.open(new InetSocketAddress(address.getAddress(), address.getPort() + 1),
                (p, data, length, from) -> { });
    }

    /** From now on every request gets {@code a}. */
    FakePeer answer(Answer a) {
        this.answer = a;
        return this;
    }

    /** The next request gets {@code a}; the following ones what {@link #answer} set. */
    FakePeer answerNext(Answer a) {
        this.firstAnswer = a;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int indications() {
        return indications;
    }

    /** Datagrams that were not STUN. */
    int media() {
        return media;
    }

    /** Requests without a valid FINGERPRINT and MESSAGE-INTEGRITY under the peer's password. */
    int badRequests() {
        return badRequests;
    }

    int answersSent() {
        return answersSent;
    }

    private void received(byte[] data, int length, InetSocketAddress from) {
        if (!StunCodec.isStun(data, length)) {
            media++;
            return;
        }
        Message message;
        try {
            message = StunCodec.decode(data, length); // a wrong FINGERPRINT fails here
        } catch (StunFormatException e) {
            badRequests++;
            return;
        }
        if (message.getMessageType() == Message.BINDING_INDICATION) {
            if (message.getAttribute(Attribute.FINGERPRINT) == null) {
                badRequests++;
            }
            indications++;
            return;
        }
        if (!(message instanceof Request request)) {
            return;
        }
        if (message.getAttribute(Attribute.FINGERPRINT) == null
                || !StunCodec.integrityValid(message, data, StunCodec.shortTermKey(password))) {
            badRequests++;
        }
        requests.add(request);
        requestSources.add(from);
        Answer a = firstAnswer != null ? firstAnswer : answer;
        firstAnswer = null;
        reply(requests.size() - 1, a);
    }

    /** Answers the {@code index}th request received (0-based) as {@code a}, now. */
    void reply(int index, Answer a) {
        Request request = requests.get(index);
        InetSocketAddress to = requestSources.get(index);
        switch (a) {
            case SILENT -> { }
            case AUTHENTICATED -> send(port, success(request, to), password, to);
            case FORGED -> send(port, success(request, to), "a-guessed-password-22ch", to);
            case UNSIGNED -> send(port, success(request, to), null, to);
            case FORGED_THEN_AUTHENTICATED -> {
                send(port, success(request, to), "a-guessed-password-22ch", to);
                send(port, success(request, to), password, to);
            }
            case ROLE_CONFLICT -> send(port, roleConflict(request), password, to);
            case UNSIGNED_ROLE_CONFLICT -> send(port, roleConflict(request), null, to);
            case FROM_ANOTHER_ADDRESS -> send(otherPort, success(request, to), password, to);
            case TO_ANOTHER_PORT -> send(port, success(request, anotherLocalPort), password, anotherLocalPort);
        }
    }

    private void send(DatagramPort via, Response response, String key, InetSocketAddress to) {
        byte[] out = StunCodec.encode(response, key == null ? null : StunCodec.shortTermKey(key), true);
        via.send(out, 0, out.length, to);
        answersSent++;
    }

    private static Response success(Request request, InetSocketAddress mapped) {
        Response ok = MessageFactory.createBindingResponse(request, new TransportAddress(mapped, Transport.UDP));
        setId(ok, request);
        return ok;
    }

    private static Response roleConflict(Request request) {
        Response conflict = MessageFactory.createBindingErrorResponse(ErrorCodeAttribute.ROLE_CONFLICT);
        setId(conflict, request);
        return conflict;
    }

    private static void setId(Response response, Request request) {
        try {
            response.setTransactionID(request.getTransactionID());
        } catch (org.ice4j.StunException e) {
            throw new AssertionError(e);
        }
    }
}
