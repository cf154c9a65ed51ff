package org.sipice.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;

/**
 * A hostile peer on loopback: a plain {@link DatagramSocket} that sends ICE connectivity checks
 * and responses built byte by byte (RFC 8489 §5, §14; so that PRIORITY can be 0 or 0xFFFFFFFF),
 * answers every Binding request it receives with a forged success response, and counts what
 * reaches it: error responses by code, requests (triggered checks toward it) and anything that is
 * not STUN (media).
 */
final class StunAttacker implements AutoCloseable {
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    /** The largest tie-breaker there is: wins every role conflict (RFC 8445 §7.3.1.1). */
    static final long LARGEST_TIE_BREAKER = 0xFFFFFFFFFFFFFFFFL;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final Thread reader;
    private final AtomicInteger media = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger successes = new AtomicInteger();
    private final List<Integer> errorCodes = new ArrayList<>();

    private StunAttacker() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(this::read, "stun-attacker");
        reader.setDaemon(true);
        reader.start();
    }

    static StunAttacker start() throws SocketException {
        return new StunAttacker();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Non-STUN datagrams received: media sent to us. */
    int mediaReceived() {
        return media.get();
    }

    /** Binding requests received: checks triggered toward our address. */
    int requestsReceived() {
        return requests.get();
    }

    /** Success responses received for our checks. */
    int successesReceived() {
        return successes.get();
    }

    /** Responses of any kind received for our checks. */
    synchronized int responsesReceived() {
        return successes.get() + errorCodes.size();
    }

    synchronized int errorResponses(int code) {
        return (int) errorCodes.stream().filter(c -> c == code).count();
    }

    void send(InetSocketAddress to, byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length, to));
    }

    /** A Binding request as a check from {@code username} ("theirs:ours" from the victim's view). */
    static Stun check(String username, long priority) {
        return new Stun(BINDING_REQUEST, randomTransactionId()).string(Attribute.USERNAME, username)
                .int32(Attribute.PRIORITY, priority);
    }

    /** A success response to {@code transactionId} claiming {@code mapped} (XOR-MAPPED-ADDRESS). */
    static Stun success(byte[] transactionId, InetSocketAddress mapped) {
        byte[] address = mapped.getAddress().getAddress();
        int cookie = MAGIC_COOKIE;
        ByteBuffer value = ByteBuffer.allocate(8).put((byte) 0).put((byte) 1)
                .putShort((short) (mapped.getPort() ^ (cookie >>> 16)));
        for (int i = 0; i < 4; i++) {
            value.put((byte) (address[i] ^ (cookie >>> (24 - 8 * i))));
        }
        return new Stun(BINDING_SUCCESS, transactionId).attribute(Attribute.XOR_MAPPED_ADDRESS, value.array());
    }

    static byte[] randomTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    /** One STUN message being built; {@link #encode} signs it with a key of our choosing, or not. */
    static final class Stun {
        private final int type;
        private final byte[] transactionId;
        private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();

        Stun(int type, byte[] transactionId) {
            this.type = type;
            this.transactionId = transactionId.clone();
        }

        Stun attribute(int attributeType, byte[] value) {
            attributes.write(attributeType >> 8);
            attributes.write(attributeType);
            attributes.write(value.length >> 8);
            attributes.write(value.length);
            attributes.writeBytes(value);
            attributes.writeBytes(new byte[(4 - value.length % 4) % 4]);
            return this;
        }

        Stun string(int attributeType, String value) {
            return attribute(attributeType, value.getBytes(StandardCharsets.UTF_8));
        }

        Stun int32(int attributeType, long value) {
            return attribute(attributeType, ByteBuffer.allocate(4).putInt((int) value).array());
        }

        Stun controlling(long tieBreaker) {
            return attribute(Attribute.ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(tieBreaker).array());
        }

        Stun controlled(long tieBreaker) {
            return attribute(Attribute.ICE_CONTROLLED, ByteBuffer.allocate(8).putLong(tieBreaker).array());
        }

        Stun useCandidate() {
            return attribute(Attribute.USE_CANDIDATE, new byte[0]);
        }

        byte[] transactionId() {
            return transactionId.clone();
        }

        /** Without MESSAGE-INTEGRITY. */
        byte[] encode() {
            return header(attributes.size()).put(attributes.toByteArray()).array();
        }

        /** With a MESSAGE-INTEGRITY keyed by {@code key} (RFC 8489 §14.5). */
        byte[] encode(String key) {
            int length = attributes.size() + 24;
            ByteBuffer covered = header(attributes.size());
            covered.put(attributes.toByteArray());
            byte[] signed = covered.array();
            signed[2] = (byte) (length >> 8);
            signed[3] = (byte) length;
            byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(signed, 0, signed.length,
                    key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(20 + length).put(signed).putShort((short) Attribute.MESSAGE_INTEGRITY)
                    .putShort((short) 20).put(hmac).array();
        }

        private ByteBuffer header(int length) {
            return ByteBuffer.allocate(20 + length).putShort((short) type).putShort((short) length)
                    .putInt(MAGIC_COOKIE).put(transactionId);
        }
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            boolean stun = p.getLength() >= 20 && (buffer[0] & 0xC0) == 0
                    && ByteBuffer.wrap(buffer, 4, 4).getInt() == MAGIC_COOKIE;
            if (!stun) {
                media.incrementAndGet();
                continue;
            }
            int type = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
            if (type == BINDING_REQUEST) {
                requests.incrementAndGet();
                // The forged answer of defect 2: validates the victim's triggered check toward us.
                byte[] id = java.util.Arrays.copyOfRange(buffer, 8, 20);
                try {
                    send((InetSocketAddress) p.getSocketAddress(),
                            success(id, (InetSocketAddress) p.getSocketAddress()).encode());
                } catch (IOException e) {
                    return;
                }
            } else if (type == BINDING_SUCCESS) {
                synchronized (this) {
                    successes.incrementAndGet();
                }
            } else if ((type & 0x0110) == 0x0110) {
                recordError(buffer, p.getLength());
            }
        }
    }

    private void recordError(byte[] buffer, int length) {
        try {
            Message m = Message.decode(buffer, 0, length);
            ErrorCodeAttribute error = (ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE);
            synchronized (this) {
                errorCodes.add(error == null ? 0 : (int) error.getErrorCode());
            }
        } catch (Exception e) {
            synchronized (this) {
                errorCodes.add(-1);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        reader.join(1000);
    }
}
