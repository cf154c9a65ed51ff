package org.sipice.natprobe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * One UDP socket of the probe, hence one NAT binding: sends Binding requests (retransmitted on
 * RFC 8489 §6.2.1's doubling RTO until a deadline) and waits for what comes back. Every probe
 * test that needs a fresh binding opens a new one (RFC 5780 §4.3, §4.4).
 */
final class ProbeSocket implements AutoCloseable {
    private final DatagramSocket socket;
    private final Duration rto;
    private final byte[] buffer = new byte[1500];

    ProbeSocket(InetAddress local, Duration rto) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
        this.rto = rto;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * Sends a Binding request to {@code server} until a response to it arrives or {@code wait}
     * has passed.
     */
    Optional<StunCodec.Response> transact(InetSocketAddress server, int changeFlags, Duration wait)
            throws IOException {
        byte[] id = StunCodec.newTransactionId();
        byte[] request = StunCodec.bindingRequest(id, changeFlags, 0);
        return retransmitUntil(() -> send(server, request), n -> awaitResponse(id, n), wait);
    }

    /**
     * Sends, from this socket, a Binding request whose response the server must send to
     * {@code responsePort} (RFC 5780 §7.5), retransmitting until {@code receiver} gets it or
     * {@code wait} has passed.
     */
    boolean transactVia(ProbeSocket receiver, InetSocketAddress server, int responsePort, Duration wait)
            throws IOException {
        byte[] id = StunCodec.newTransactionId();
        byte[] request = StunCodec.bindingRequest(id, 0, responsePort);
        return retransmitUntil(() -> send(server, request), n -> receiver.awaitResponse(id, n), wait).isPresent();
    }

    /**
     * Sends a Binding request from {@code sender} to {@code target} (our own public address)
     * until this socket receives it, or {@code wait} has passed: the hairpinning test.
     */
    boolean receivesFrom(ProbeSocket sender, InetSocketAddress target, Duration wait) throws IOException {
        byte[] request = StunCodec.bindingRequest(StunCodec.newTransactionId(), 0, 0);
        Optional<Boolean> got = retransmitUntil(() -> sender.send(target, request), this::awaitRequest, wait);
        return got.isPresent();
    }

    void send(InetSocketAddress to, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    private interface Action {
        void run() throws IOException;
    }

    private interface Receive<T> {
        Optional<T> within(long nanos) throws IOException;
    }

    /** Sends at 0, RTO, 3 RTO, 7 RTO, ... and receives in between, until {@code wait}. */
    private <T> Optional<T> retransmitUntil(Action send, Receive<T> receive, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        long interval = rto.toNanos();
        while (true) {
            send.run();
            long now = System.nanoTime();
            long until = Math.min(deadline, now + interval);
            Optional<T> got = receive.within(until - now);
            if (got.isPresent()) {
                return got;
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            interval *= 2;
        }
    }

    /** Waits up to {@code nanos} for the response of transaction {@code id}; other packets are skipped. */
    Optional<StunCodec.Response> awaitResponse(byte[] id, long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            Optional<DatagramPacket> p = receive(deadline);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            Optional<StunCodec.Response> r = StunCodec.decodeResponse(p.get().getData(), p.get().getLength());
            if (r.isPresent() && Arrays.equals(r.get().transactionId(), id)) {
                return r;
            }
        }
    }

    private Optional<Boolean> awaitRequest(long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            Optional<DatagramPacket> p = receive(deadline);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            if (StunCodec.isBindingRequest(p.get().getData(), p.get().getLength())) {
                return Optional.of(true);
            }
        }
    }

    private Optional<DatagramPacket> receive(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left < 1) {
            return Optional.empty();
        }
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) left);
        try {
            socket.receive(p);
            return Optional.of(p);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
