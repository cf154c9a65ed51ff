package org.sipice.natprobe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * NAT behaviour discovery with a STUN server that supports RFC 5780 (OTHER-ADDRESS and
 * CHANGE-REQUEST, e.g. coturn listening on two addresses): mapping (RFC 5780 §4.3), filtering
 * (§4.4), hairpinning (§4.5) and a bounded binding-lifetime estimate (§4.6). Each test uses its
 * own socket, so each starts from a fresh binding. Blocking; runs on the caller's thread.
 */
public final class NatProbe {

    /**
     * @param server the STUN server's primary address
     * @param local where the probe's sockets bind (the wildcard address lets the kernel choose)
     * @param rto the first retransmission timeout (RFC 8489 §6.2.1), doubled on each retransmission
     * @param answerWait how long to wait for an answer before a test counts it as blocked; the
     *     filtering and hairpinning tests always wait this long when the NAT blocks
     * @param lifetimeMax the longest binding lifetime tried; zero skips the lifetime test
     * @param hairpinning whether to test hairpinning
     */
    public record Options(InetSocketAddress server, InetAddress local, Duration rto, Duration answerWait,
            Duration lifetimeMax, boolean hairpinning) {
        public Options {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(local, "local");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("STUN server address is unresolved: " + server);
            }
            if (rto.isNegative() || rto.isZero() || answerWait.compareTo(rto) < 0) {
                throw new IllegalArgumentException("need 0 < rto <= answer wait, got rto=" + rto.toMillis()
                        + "ms, wait=" + answerWait.toMillis() + "ms");
            }
            if (lifetimeMax.isNegative()) {
                throw new IllegalArgumentException("lifetime max must not be negative");
            }
        }
    }

    private final Options options;
    private final List<String> notes = new ArrayList<>();

    private NatProbe(Options options) {
        this.options = options;
    }

    /** Runs every test; never throws for a silent or odd server, it reports "unknown" with notes. */
    public static NatProbeResult run(Options options) throws IOException, InterruptedException {
        return new NatProbe(options).run();
    }

    private NatProbeResult run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        InetSocketAddress server = options.server();
        try (ProbeSocket s = socket()) {
            // Test I (RFC 5780 §4.3): the binding and the server's alternate address.
            Optional<StunCodec.Response> r1 = s.transact(server, 0, options.answerWait());
            if (r1.isEmpty() || r1.get().mapped().isEmpty()) {
                notes.add("no Binding response from " + server + " within " + options.answerWait().toMillis() + " ms");
                return result(s.localAddress(), Optional.empty(), Optional.empty(), NatBehaviour.Mapping.UNKNOWN,
                        NatBehaviour.Filtering.UNKNOWN, Optional.empty(), Optional.empty(), t0);
            }
            InetSocketAddress mapped = r1.get().mapped().get();
            Optional<InetSocketAddress> other = r1.get().otherAddress();
            if (other.isEmpty()) {
                notes.add("the server sent no OTHER-ADDRESS: it does not support RFC 5780 (coturn needs two "
                        + "listening addresses)");
            }
            NatBehaviour.Mapping mapping = mapping(s, mapped, other);
            NatBehaviour.Filtering filtering = other.isEmpty() ? NatBehaviour.Filtering.UNKNOWN : filtering(other.get());
            Optional<Boolean> hairpin = options.hairpinning() ? hairpinning() : Optional.empty();
            Optional<NatProbeResult.Lifetime> lifetime = options.lifetimeMax().isZero() ? Optional.empty() : lifetime();
            return result(s.localAddress(), Optional.of(mapped), other, mapping, filtering, hairpin, lifetime, t0);
        }
    }

    /** RFC 5780 §4.3: the same socket to the primary, then the alternate IP, then the alternate IP and port. */
    private NatBehaviour.Mapping mapping(ProbeSocket s, InetSocketAddress mapped, Optional<InetSocketAddress> other)
            throws IOException {
        if (isLocal(mapped.getAddress()) && mapped.getPort() == s.localAddress().getPort()) {
            return NatBehaviour.Mapping.NONE;
        }
        if (other.isEmpty()) {
            return NatBehaviour.Mapping.UNKNOWN;
        }
        // Test II: the alternate address, the primary port.
        InetSocketAddress alternateIp = new InetSocketAddress(other.get().getAddress(), options.server().getPort());
        Optional<InetSocketAddress> m2 = s.transact(alternateIp, 0, options.answerWait()).flatMap(
                StunCodec.Response::mapped);
        if (m2.isEmpty()) {
            notes.add("mapping test II: no answer from " + alternateIp);
            return NatBehaviour.Mapping.UNKNOWN;
        }
        if (m2.get().equals(mapped)) {
            return NatBehaviour.Mapping.ENDPOINT_INDEPENDENT;
        }
        // Test III: the alternate address and port.
        Optional<InetSocketAddress> m3 = s.transact(other.get(), 0, options.answerWait()).flatMap(
                StunCodec.Response::mapped);
        if (m3.isEmpty()) {
            notes.add("mapping test III: no answer from " + other.get());
            return NatBehaviour.Mapping.UNKNOWN;
        }
        return m3.get().equals(m2.get()) ? NatBehaviour.Mapping.ADDRESS_DEPENDENT
                : NatBehaviour.Mapping.ADDRESS_AND_PORT_DEPENDENT;
    }

    /**
     * RFC 5780 §4.4 on a fresh binding toward the primary address: test II asks for the answer
     * from the alternate address and port, test III from the alternate port only.
     */
    private NatBehaviour.Filtering filtering(InetSocketAddress other) throws IOException {
        InetSocketAddress server = options.server();
        try (ProbeSocket f = socket()) {
            if (f.transact(server, 0, options.answerWait()).isEmpty()) {
                notes.add("filtering test I: no answer from " + server);
                return NatBehaviour.Filtering.UNKNOWN;
            }
            Optional<StunCodec.Response> r2 = f.transact(server, StunCodec.CHANGE_IP | StunCodec.CHANGE_PORT,
                    options.answerWait());
            if (r2.isPresent()) {
                return changed(r2.get(), other) ? NatBehaviour.Filtering.ENDPOINT_INDEPENDENT
                        : NatBehaviour.Filtering.UNKNOWN;
            }
            Optional<StunCodec.Response> r3 = f.transact(server, StunCodec.CHANGE_PORT, options.answerWait());
            if (r3.isPresent()) {
                InetSocketAddress expected = new InetSocketAddress(server.getAddress(), other.getPort());
                return changed(r3.get(), expected) ? NatBehaviour.Filtering.ADDRESS_DEPENDENT
                        : NatBehaviour.Filtering.UNKNOWN;
            }
            return NatBehaviour.Filtering.ADDRESS_AND_PORT_DEPENDENT;
        }
    }

    /** The answer really came from where CHANGE-REQUEST asked (RESPONSE-ORIGIN, RFC 5780 §7.3). */
    private boolean changed(StunCodec.Response r, InetSocketAddress expected) {
        if (!r.success()) {
            notes.add("the server refused CHANGE-REQUEST (error " + r.errorCode() + ")");
            return false;
        }
        if (r.responseOrigin().isPresent() && !r.responseOrigin().get().equals(expected)) {
            notes.add("the server ignored CHANGE-REQUEST: answer from " + r.responseOrigin().get() + ", not "
                    + expected);
            return false;
        }
        return true;
    }

    /** RFC 5780 §4.5: a second socket sends to the first one's public address; does it arrive? */
    private Optional<Boolean> hairpinning() throws IOException {
        try (ProbeSocket target = socket(); ProbeSocket sender = socket()) {
            Optional<InetSocketAddress> mapped = target.transact(options.server(), 0, options.answerWait())
                    .flatMap(StunCodec.Response::mapped);
            if (mapped.isEmpty()) {
                notes.add("hairpinning: no answer from the server");
                return Optional.empty();
            }
            return Optional.of(target.receivesFrom(sender, mapped.get(), options.answerWait()));
        }
    }

    /**
     * RFC 5780 §4.6, bounded by {@link Options#lifetimeMax()}: one binding per trial wait (1 s,
     * 2 s, 4 s, ... and the max), all made at the start; after each wait another socket asks the
     * server to answer on that binding's public port (RESPONSE-PORT). The first binding that no
     * longer receives ends the test, so it lasts at most the max plus one answer wait.
     */
    private Optional<NatProbeResult.Lifetime> lifetime() throws IOException, InterruptedException {
        List<Duration> waits = LifetimeSchedule.waits(options.lifetimeMax());
        List<ProbeSocket> bindings = new ArrayList<>();
        List<Long> madeAt = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try (ProbeSocket asker = socket()) {
            for (int i = 0; i <= waits.size(); i++) {
                ProbeSocket b = socket();
                bindings.add(b);
                Optional<InetSocketAddress> m = b.transact(options.server(), 0, options.answerWait())
                        .flatMap(StunCodec.Response::mapped);
                if (m.isEmpty()) {
                    notes.add("lifetime: no answer from the server");
                    return Optional.empty();
                }
                madeAt.add(System.nanoTime());
                ports.add(m.get().getPort());
            }
            // Control: at once, the answer must reach the first binding, or RESPONSE-PORT is not supported.
            if (!asker.transactVia(bindings.get(0), options.server(), ports.get(0), options.answerWait())) {
                notes.add("lifetime: the server ignores RESPONSE-PORT (RFC 5780 §7.5), or the NAT blocks it");
                return Optional.empty();
            }
            Duration alive = Duration.ZERO;
            for (int i = 0; i < waits.size(); i++) {
                long due = madeAt.get(i + 1) + waits.get(i).toNanos();
                long left = due - System.nanoTime();
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
                if (!asker.transactVia(bindings.get(i + 1), options.server(), ports.get(i + 1), options.answerWait())) {
                    return Optional.of(new NatProbeResult.Lifetime(alive, Optional.of(waits.get(i))));
                }
                alive = waits.get(i);
            }
            return Optional.of(new NatProbeResult.Lifetime(alive, Optional.empty()));
        } finally {
            bindings.forEach(ProbeSocket::close);
        }
    }

    private ProbeSocket socket() throws IOException {
        return new ProbeSocket(options.local(), options.rto());
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private NatProbeResult result(InetSocketAddress local, Optional<InetSocketAddress> mapped,
            Optional<InetSocketAddress> other, NatBehaviour.Mapping mapping, NatBehaviour.Filtering filtering,
            Optional<Boolean> hairpin, Optional<NatProbeResult.Lifetime> lifetime, long t0) {
        return new NatProbeResult(local, mapped, other, mapping, filtering, hairpin, lifetime, notes,
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
