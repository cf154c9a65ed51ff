package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.StunException;
import org.ice4j.attribute.AttributeDecoder;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ChannelNumberAttribute;
import org.ice4j.attribute.DataAttribute;
import org.ice4j.attribute.LifetimeAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.message.Indication;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * A small scripted TURN server (RFC 8656 over UDP) on a {@link FakeNetwork}, enough to test the
 * client against: long-term credentials with a nonce the test can make stale, one allocation,
 * permissions, channels, Send/Data indications and ChannelData relayed through a relay port.
 * Every request it receives is recorded as a line with the fake time, so a test can assert the
 * exact ladder. {@link #script} replaces the answer to a request type (an error code, silence).
 */
final class FakeTurnServer {
    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final String REALM = "sipice.test";

    /** One request as the server saw it. */
    record Seen(long atMillis, String type, boolean authenticated, int lifetime) {
    }

    /** Reason phrases as coturn sends them (RFC 8489 §14.8, RFC 8656 §19). */
    private static final Map<Integer, String> PHRASES = Map.of(300, "Try Alternate", 400, "Bad Request", 401,
            "Unauthorized", 403,
            "Forbidden", 437, "Allocation Mismatch", 438, "Stale Nonce", 486, "Allocation Quota Reached", 508,
            "Insufficient Capacity");

    private final FakeScheduler time;
    private final DatagramPort control;
    private final DatagramPort relay;
    private final List<Seen> seen = new ArrayList<>();
    private final Map<Character, Function<Request, Integer>> scripts = new HashMap<>();
    private final Map<Integer, InetSocketAddress> channels = new HashMap<>();
    private final List<java.net.InetAddress> permissions = new ArrayList<>();
    private int lifetimeSeconds = 600;
    private InetSocketAddress alternate;
    private int nonceNumber = 1;
    private boolean silent;
    private byte[] signingKey;
    private InetSocketAddress client;
    private boolean allocated;

    FakeTurnServer(FakeScheduler time, FakeNetwork net, InetSocketAddress address, InetSocketAddress relayAddress) {
        this.time = time;
        this.control = net.open(address, (port, data, length, from) -> onControl(data, length, from));
        this.relay = net.open(relayAddress, (port, data, length, from) -> onPeer(data, from));
        this.signingKey = StunCodec.longTermKey(USER, REALM, PASSWORD);
    }

    /** The ALTERNATE-SERVER a scripted 300 Try Alternate names (RFC 8489 §14.15; IPv4). */
    FakeTurnServer alternate(InetSocketAddress server) {
        this.alternate = server;
        return this;
    }

    /** The LIFETIME granted by Allocate and Refresh. */
    FakeTurnServer lifetime(int seconds) {
        this.lifetimeSeconds = seconds;
        return this;
    }

    /** Nothing is answered from now on. */
    FakeTurnServer silent(boolean silent) {
        this.silent = silent;
        return this;
    }

    /** The next requests of {@code type} get the error {@code code} the function returns (0: normal; -1: no answer). */
    FakeTurnServer script(char type, Function<Request, Integer> code) {
        scripts.put(type, code);
        return this;
    }

    /** Responses are signed with this key from now on (a forger's). */
    FakeTurnServer signWith(byte[] key) {
        this.signingKey = key;
        return this;
    }

    /** The nonce goes stale: requests with the old one get 438 (RFC 8489 §9.2.5). */
    void staleNonce() {
        nonceNumber++;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<String> ladder() {
        return seen.stream().map(s -> s.type() + (s.authenticated() ? "" : " (no credentials)")).toList();
    }

    boolean allocated() {
        return allocated;
    }

    Map<Integer, InetSocketAddress> channels() {
        return Map.copyOf(channels);
    }

    List<java.net.InetAddress> permissions() {
        return List.copyOf(permissions);
    }

    private byte[] nonce() {
        return ("nonce-" + nonceNumber).getBytes(StandardCharsets.UTF_8);
    }

    private void onControl(byte[] data, int length, InetSocketAddress from) {
        if (length >= 4 && (data[0] & 0xC0) == 0x40) { // ChannelData (RFC 8656 §12.4)
            int number = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
            int len = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
            InetSocketAddress peer = channels.get(number);
            seen.add(new Seen(now(), "ChannelData " + Integer.toHexString(number), true, -1));
            if (peer != null && len + 4 <= length) {
                relay.send(data, 4, len, peer);
            }
            return;
        }
        Message message;
        try {
            message = StunCodec.decode(data, length);
        } catch (Exception e) {
            throw new AssertionError("the client sent a malformed message", e);
        }
        if (message instanceof Indication send) {
            seen.add(new Seen(now(), "Send", false, -1));
            XorPeerAddressAttribute peer = (XorPeerAddressAttribute) send.getAttribute(Attribute.XOR_PEER_ADDRESS);
            DataAttribute payload = (DataAttribute) send.getAttribute(Attribute.DATA);
            TransportAddress to = peer.getAddress(send.getTransactionID());
            if (permissions.contains(to.getAddress())) {
                byte[] bytes = payload.getData();
                relay.send(bytes, 0, bytes.length, to);
            }
            return;
        }
        Request request = (Request) message;
        client = from;
        boolean authenticated = request.containsAttribute(Attribute.USERNAME);
        LifetimeAttribute asked = (LifetimeAttribute) request.getAttribute(Attribute.LIFETIME);
        seen.add(new Seen(now(), TurnErrors.name(request.getMessageType()), authenticated,
                asked == null ? -1 : asked.getLifetime()));
        if (silent) {
            return;
        }
        if (!authenticated) {
            reply(request, error(request, 401, true), from, null);
            return;
        }
        byte[] key = StunCodec.longTermKey(new String(((UsernameAttribute) request.getAttribute(Attribute.USERNAME))
                .getUsername(), StandardCharsets.UTF_8), REALM, PASSWORD);
        if (!StunCodec.integrityValid(request, Arrays.copyOf(data, length), key)) {
            reply(request, error(request, 401, true), from, null);
            return;
        }
        if (!Arrays.equals(((NonceAttribute) request.getAttribute(Attribute.NONCE)).getNonce(), nonce())) {
            reply(request, error(request, 438, true), from, null);
            return;
        }
        Function<Request, Integer> script = scripts.get(request.getMessageType());
        int code = script == null ? 0 : script.apply(request);
        if (code < 0) {
            return;
        }
        if (code > 0) {
            reply(request, error(request, code, false), from, signingKey);
            return;
        }
        reply(request, success(request, from), from, signingKey);
    }

    private Response success(Request request, InetSocketAddress from) {
        Response ok = MessageFactory.createChannelBindResponse(); // any response: ice4j hides the constructor
        ok.setMessageType((char) (request.getMessageType() | Message.STUN_SUCCESS_RESP));
        byte[] id = request.getTransactionID();
        switch (request.getMessageType()) {
            case Message.ALLOCATE_REQUEST -> {
                allocated = true;
                ok.putAttribute(AttributeFactory.createXorRelayedAddressAttribute(
                        new TransportAddress(relay.localAddress(), Transport.UDP), id));
                ok.putAttribute(AttributeFactory.createXorMappedAddressAttribute(
                        new TransportAddress(from, Transport.UDP), id));
                ok.putAttribute(AttributeFactory.createLifetimeAttribute(lifetimeSeconds));
            }
            case Message.REFRESH_REQUEST -> {
                LifetimeAttribute asked = (LifetimeAttribute) request.getAttribute(Attribute.LIFETIME);
                boolean delete = asked != null && asked.getLifetime() == 0;
                if (!allocated) {
                    return error(request, 437, false);
                }
                allocated = !delete;
                ok.putAttribute(AttributeFactory.createLifetimeAttribute(delete ? 0 : lifetimeSeconds));
            }
            case Message.CREATEPERMISSION_REQUEST -> permissions.add(peerOf(request).getAddress());
            case Message.CHANNELBIND_REQUEST -> {
                InetSocketAddress peer = peerOf(request);
                int number = ((ChannelNumberAttribute) request.getAttribute(Attribute.CHANNEL_NUMBER))
                        .getChannelNumber();
                channels.put(number, peer);
                permissions.add(peer.getAddress());
            }
            default -> throw new AssertionError("unexpected request " + request);
        }
        return ok;
    }

    private static InetSocketAddress peerOf(Request request) {
        TransportAddress a = ((XorPeerAddressAttribute) request.getAttribute(Attribute.XOR_PEER_ADDRESS))
                .getAddress(request.getTransactionID());
        return new InetSocketAddress(a.getAddress(), a.getPort());
    }

    private Response error(Request request, int code, boolean challenge) {
        Response error = MessageFactory.createChannelBindResponse();
        error.setMessageType((char) (request.getMessageType() | Message.STUN_ERROR_RESP));
        error.putAttribute(AttributeFactory.createErrorCodeAttribute((char) code, PHRASES.getOrDefault(code, "")));
        if (code == 300 && alternate != null) {
            byte[] ip = alternate.getAddress().getAddress();
            int port = alternate.getPort();
            // Type 0x8023, length 8, family IPv4, port, address (RFC 8489 §14.15, encoded as MAPPED-ADDRESS).
            byte[] value = {(byte) 0x80, 0x23, 0, 8, 0, 1, (byte) (port >> 8), (byte) port, ip[0], ip[1], ip[2], ip[3]};
            try {
                error.putAttribute(AttributeDecoder.decode(value, 0, value.length));
            } catch (StunException e) {
                throw new AssertionError(e);
            }
        }
        if (challenge || code == 438) {
            error.putAttribute(AttributeFactory.createRealmAttribute(REALM.getBytes(StandardCharsets.UTF_8)));
            error.putAttribute(AttributeFactory.createNonceAttribute(nonce()));
        }
        return error;
    }

    private void reply(Request request, Response response, InetSocketAddress to, byte[] key) {
        try {
            response.setTransactionID(request.getTransactionID());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        byte[] out = StunCodec.encode(response, key, true);
        control.send(out, 0, out.length, to);
    }

    /** A datagram from a peer to the relayed address: ChannelData when bound, else a Data indication. */
    private void onPeer(byte[] data, InetSocketAddress peer) {
        if (client == null || !permissions.contains(peer.getAddress())) {
            return; // RFC 8656 §11.2: no permission, dropped
        }
        for (Map.Entry<Integer, InetSocketAddress> c : channels.entrySet()) {
            if (c.getValue().equals(peer)) {
                byte[] out = new byte[4 + data.length];
                out[0] = (byte) (c.getKey() >> 8);
                out[1] = (byte) (int) c.getKey();
                out[2] = (byte) (data.length >> 8);
                out[3] = (byte) data.length;
                System.arraycopy(data, 0, out, 4, data.length);
                control.send(out, 0, out.length, client);
                return;
            }
        }
        TransactionId id = TransactionId.random();
        Indication indication = MessageFactory.createDataIndication(new TransportAddress(peer, Transport.UDP), data,
                id.bytes());
        try {
            indication.setTransactionID(id.bytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        byte[] out = StunCodec.encode(indication, null, true);
        control.send(out, 0, out.length, client);
    }

    private long now() {
        return time.elapsed().toMillis();
    }
}
