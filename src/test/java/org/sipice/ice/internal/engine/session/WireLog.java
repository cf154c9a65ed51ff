package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ChannelNumberAttribute;
import org.ice4j.attribute.DataAttribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.message.Message;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;
import org.sipice.sdp.IceCredentials;

/**
 * A session's host ports with every ICE STUN message through them decoded and kept: what the
 * engine sends and what it receives, unwrapped from TURN Send/Data indications and ChannelData
 * when it goes through a relay (RFC 8656 §10, §12), so that a test can check the ladder against
 * RFC 8445 and RFC 8489 whatever the other stack is. The session sees the wrapped ports only.
 */
final class WireLog implements PortOpener {

    /** One STUN message between the engine and its peer (not its TURN server). */
    record Entry(long nanos, boolean sent, InetSocketAddress local, InetSocketAddress peer, Message message, byte[] raw) {
        String tid() {
            return TransactionId.of(message.getTransactionID()).toString();
        }

        boolean isCheck() {
            return message.getMessageType() == Message.BINDING_REQUEST;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(sent ? "engine -> " : "engine <- ").append(peer).append(' ')
                    .append(message.getName()).append(' ').append(tid()).append(" [");
            for (Attribute a : message.getAttributes()) {
                b.append(' ').append(a.getName());
                if (a instanceof UsernameAttribute u) {
                    b.append('=').append(new String(u.getUsername(), java.nio.charset.StandardCharsets.UTF_8));
                } else if (a instanceof XorMappedAddressAttribute x && a.getAttributeType() == Attribute.XOR_MAPPED_ADDRESS) {
                    b.append('=').append(x.getAddress(message.getTransactionID()));
                }
            }
            return b.append(" ]").toString();
        }
    }

    private final PortOpener ports;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Integer, InetSocketAddress> channels = new HashMap<>();
    private final List<String> media = new ArrayList<>();
    private volatile IceCredentials ours;
    private volatile IceCredentials theirs;

    WireLog(PortOpener ports) {
        this.ports = ports;
    }

    /** The pwds the engine's (ours) and the peer's messages are signed with (RFC 8445 §7.2.2). */
    void credentials(IceCredentials ours, IceCredentials theirs) {
        this.ours = ours;
        this.theirs = theirs;
    }

    @Override
    public CompletableFuture<DatagramPort> open(InetSocketAddress local, int componentId, PacketReceiver receiver) {
        Tapped[] tapped = new Tapped[1];
        return ports.open(local, componentId, (port, data, length, from) -> {
            record(false, port.localAddress(), from, data, length);
            receiver.onPacket(tapped[0], data, length, from);
        }).thenApply(port -> tapped[0] = new Tapped(port));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** How many datagrams other than STUN the engine sent on its host ports. */
    synchronized long mediaSent() {
        return media.stream().filter(m -> m.startsWith("sent ")).count();
    }

    /** The first bytes of each datagram other than STUN the engine sent or received on its host ports. */
    synchronized List<String> media() {
        return List.copyOf(media);
    }

    String ladder() {
        StringBuilder b = new StringBuilder("\n");
        entries().forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }

    /** Checks the engine received that authenticated with our pwd (RFC 8489 §9.1.3). */
    long checksReceived() {
        return entries().stream().filter(e -> !e.sent() && e.isCheck() && verifies(e, ours)).count();
    }

    /**
     * What breaks RFC 8445 §7.2.5 / §7.3.1.2 / RFC 8489 §14.5, §14.7 on the wire, one line each:
     * an error response either way but an authenticated 487; a response of ours not signed with our pwd, not ending in
     * MESSAGE-INTEGRITY then FINGERPRINT, or whose XOR-MAPPED-ADDRESS is not the check's source;
     * a response of the peer not signed with its pwd; a check of ours whose USERNAME is not
     * "theirs:ours" or that is not signed with the peer's pwd.
     */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        List<Entry> all = entries();
        for (Entry e : all) {
            int type = e.message().getMessageType();
            if (type == Message.BINDING_ERROR_RESPONSE) {
                // RFC 8445 §7.3.1.1: only a 487 (Role Conflict), signed like a success response.
                if (!(e.message().getAttribute(Attribute.ERROR_CODE) instanceof ErrorCodeAttribute code
                        && code.getErrorCode() == 487 && verifies(e, e.sent() ? ours : theirs))) {
                    errors.add("error response: " + e);
                }
            } else if (type == Message.BINDING_SUCCESS_RESPONSE && e.sent()) {
                Entry check = all.stream().filter(c -> !c.sent() && c.isCheck() && c.tid().equals(e.tid()))
                        .findFirst().orElse(null);
                XorMappedAddressAttribute x = (XorMappedAddressAttribute) e.message()
                        .getAttribute(Attribute.XOR_MAPPED_ADDRESS);
                TransportAddress mapped = x == null ? null : x.getAddress(e.message().getTransactionID());
                if (check == null || mapped == null || !check.peer().equals(mapped)
                        || !e.peer().equals(check.peer()) || !e.local().equals(check.local())) {
                    errors.add("response not to its check's source, from where it arrived: " + e + " for " + check);
                }
                if (!verifies(e, ours) || !endsWithIntegrityThenFingerprint(e)) {
                    errors.add("our response not signed with our pwd, MESSAGE-INTEGRITY then FINGERPRINT: " + e);
                }
            } else if (type == Message.BINDING_SUCCESS_RESPONSE && !verifies(e, theirs)) {
                errors.add("peer's response not signed with its pwd: " + e);
            } else if (e.isCheck() && e.sent() && (!verifies(e, theirs) || !endsWithIntegrityThenFingerprint(e)
                    || !(theirs.ufrag() + ":" + ours.ufrag()).equals(username(e)))) {
                errors.add("our check's USERNAME, MESSAGE-INTEGRITY or FINGERPRINT: " + e);
            }
        }
        return errors;
    }

    /**
     * Each check the engine sent was answered, and so was each authentic check it got,
     * but for those of the last {@code inFlight} (their answers may still be on the way).
     */
    void assertEveryCheckAnswered(java.time.Duration inFlight) {
        List<Entry> all = entries();
        long recent = System.nanoTime() - inFlight.toNanos();
        for (Entry check : all) {
            if (!check.isCheck() || check.nanos() > recent || (!check.sent() && !verifies(check, ours))) {
                continue;
            }
            // A success, or the 487 of a role conflict (errors() says which error responses are fine).
            boolean answered = all.stream().anyMatch(r -> r.sent() != check.sent()
                    && (r.message().getMessageType() == Message.BINDING_SUCCESS_RESPONSE
                            || r.message().getMessageType() == Message.BINDING_ERROR_RESPONSE)
                    && r.tid().equals(check.tid()));
            if (!answered) {
                throw new AssertionError("check never answered: " + check + ladder());
            }
        }
        List<String> errors = errors();
        if (!errors.isEmpty()) {
            throw new AssertionError(String.join("\n", errors) + ladder());
        }
    }

    private static String username(Entry e) {
        Attribute a = e.message().getAttribute(Attribute.USERNAME);
        return a instanceof UsernameAttribute u ? new String(u.getUsername(), java.nio.charset.StandardCharsets.UTF_8)
                : null;
    }

    private static boolean verifies(Entry e, IceCredentials credentials) {
        return credentials != null
                && StunCodec.integrityValid(e.message(), e.raw(), StunCodec.shortTermKey(credentials.pwd()));
    }

    /** RFC 8489 §14.5, §14.7: MESSAGE-INTEGRITY, then FINGERPRINT, last. */
    private static boolean endsWithIntegrityThenFingerprint(Entry e) {
        byte[] raw = e.raw();
        int fingerprint = raw.length - 8;
        int integrity = fingerprint - 24;
        return integrity >= StunCodec.HEADER_LENGTH && type(raw, fingerprint) == Attribute.FINGERPRINT
                && type(raw, integrity) == Attribute.MESSAGE_INTEGRITY;
    }

    private static int type(byte[] raw, int at) {
        return ((raw[at] & 0xFF) << 8) | (raw[at + 1] & 0xFF);
    }

    private synchronized void record(boolean sent, InetSocketAddress local, InetSocketAddress to, byte[] data,
            int length) {
        byte[] raw = Arrays.copyOf(data, length);
        if (length >= 4 && (raw[0] & 0xC0) == 0x40) {
            // RFC 8656 §12.4: ChannelData, the peer named by its channel's binding.
            int channel = ((raw[0] & 0xFF) << 8) | (raw[1] & 0xFF);
            int inner = ((raw[2] & 0xFF) << 8) | (raw[3] & 0xFF);
            InetSocketAddress peer = channels.get(channel);
            if (peer != null && 4 + inner <= length) {
                add(sent, local, peer, Arrays.copyOfRange(raw, 4, 4 + inner));
                return;
            }
        }
        if (!StunCodec.isStun(raw, length)) {
            media.add((sent ? "sent " : "received ") + new String(raw, 0, Math.min(length, 24),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        Message m;
        try {
            m = StunCodec.decode(raw, length);
        } catch (Exception e) {
            return;
        }
        char type = m.getMessageType();
        if (type == Message.SEND_INDICATION || type == Message.DATA_INDICATION || type == Message.CHANNELBIND_REQUEST) {
            // RFC 8656 §10, §11: what goes through the relay, and to (or from) whom.
            XorPeerAddressAttribute p = (XorPeerAddressAttribute) m.getAttribute(Attribute.XOR_PEER_ADDRESS);
            if (p == null) {
                return;
            }
            TransportAddress peer = p.getAddress(m.getTransactionID());
            InetSocketAddress address = new InetSocketAddress(peer.getAddress(), peer.getPort());
            if (type == Message.CHANNELBIND_REQUEST) {
                ChannelNumberAttribute c = (ChannelNumberAttribute) m.getAttribute(Attribute.CHANNEL_NUMBER);
                channels.put((int) c.getChannelNumber(), address);
            } else if (m.getAttribute(Attribute.DATA) instanceof DataAttribute d) {
                add(sent, local, address, d.getData());
            }
            return;
        }
        if (type == Message.BINDING_REQUEST || type == Message.BINDING_SUCCESS_RESPONSE
                || type == Message.BINDING_ERROR_RESPONSE) {
            if (m.containsAttribute(Attribute.USERNAME) || m.containsAttribute(Attribute.MESSAGE_INTEGRITY)
                    || type != Message.BINDING_REQUEST) {
                entries.add(new Entry(System.nanoTime(), sent, local, to, m, raw));
            }
        }
    }

    private void add(boolean sent, InetSocketAddress local, InetSocketAddress peer, byte[] inner) {
        if (!StunCodec.isStun(inner, inner.length)) {
            media.add((sent ? "sent " : "received ") + new String(inner, 0, Math.min(inner.length, 24),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        try {
            entries.add(new Entry(System.nanoTime(), sent, local, peer, StunCodec.decode(inner, inner.length), inner));
        } catch (Exception e) {
            // not ours to judge
        }
    }

    /** A host port whose sends are recorded first. */
    private final class Tapped implements DatagramPort {
        private final DatagramPort port;

        Tapped(DatagramPort port) {
            this.port = port;
        }

        @Override
        public InetSocketAddress localAddress() {
            return port.localAddress();
        }

        @Override
        public void send(byte[] data, int offset, int length, InetSocketAddress to) {
            record(true, port.localAddress(), to, Arrays.copyOfRange(data, offset, offset + length), length);
            port.send(data, offset, length, to);
        }

        @Override
        public boolean isOpen() {
            return port.isOpen();
        }

        @Override
        public void close() {
            port.close();
        }

        @Override
        public String toString() {
            return port.toString();
        }
    }
}
