package org.sipice.natprobe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link NatProbe} found.
 *
 * @param local the local address of the first test's socket
 * @param mapped the public address the server saw in test I (empty: the server did not answer)
 * @param otherAddress the server's RFC 5780 OTHER-ADDRESS (empty: no RFC 5780 support)
 * @param mapping RFC 4787 §4.1 mapping behaviour
 * @param filtering RFC 4787 §5 filtering behaviour
 * @param hairpinning RFC 4787 §6 (empty when not tested)
 * @param lifetime binding lifetime bounds (empty when not measured)
 * @param notes why something is unknown, in test order
 * @param took how long the probe ran
 */
public record NatProbeResult(InetSocketAddress local, Optional<InetSocketAddress> mapped,
        Optional<InetSocketAddress> otherAddress, NatBehaviour.Mapping mapping, NatBehaviour.Filtering filtering,
        Optional<Boolean> hairpinning, Optional<Lifetime> lifetime, List<String> notes, Duration took) {

    public NatProbeResult {
        notes = List.copyOf(notes);
    }

    /**
     * Binding lifetime bounds (RFC 5780 §4.6): the binding was still alive after
     * {@code aliveAfter} and gone after {@code goneAfter} (empty: alive at the longest wait tried).
     */
    public record Lifetime(Duration aliveAfter, Optional<Duration> goneAfter) {
        /** {@code 2s..4s}, {@code >=8s}, or {@code <1s}: no spaces, for the RESULT line. */
        public String label() {
            if (aliveAfter.isZero()) {
                return "<" + goneAfter.map(Lifetime::seconds).orElse("?") + "s";
            }
            return goneAfter.map(g -> seconds(aliveAfter) + "s.." + seconds(g) + "s")
                    .orElse(">=" + seconds(aliveAfter) + "s");
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : String.format("%.1f", d.toMillis() / 1000.0);
        }
    }

    /** True when the server answered test I: there is something to report. */
    public boolean reachedServer() {
        return mapped.isPresent();
    }
}
