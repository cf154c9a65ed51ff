package org.sipice.natlab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link RelayFigures} over TURN/TLS ({@code turns:}, RFC 8656 §3.1) to coturn's port 5349, its
 * certificate from the lab's CA ({@code --turn-ca-file}): writes the section "TURN over TLS, both
 * sides UDP-blocked: figures" of docs/nat-matrix.md. Not in the suite (a benchmark); root only:
 * <pre>
 * mvn -B -o -q test -Dtest=TurnTlsRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.rerunFailingTestsCount=0
 * </pre>
 */
@Tag("benchmark")
class TurnTlsRelayBenchmark {

    @Test
    void printsTheFigures() throws Exception {
        RelayFigures.measure(RelayFigures.bothBlocked("tls"), "TURN/TLS", "TLS 5349 (lab CA)",
                "TurnTlsRelayBenchmark", "TURN over TLS, both sides UDP-blocked: figures");
    }
}
