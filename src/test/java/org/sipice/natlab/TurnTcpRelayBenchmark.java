package org.sipice.natlab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link RelayFigures} over TURN/TCP to coturn's port 3478: writes the section "TURN over TCP,
 * both sides UDP-blocked: figures" of docs/nat-matrix.md. Not in the suite (a benchmark); root only:
 * <pre>
 * mvn -B -o -q test -Dtest=TurnTcpRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.rerunFailingTestsCount=0
 * </pre>
 */
@Tag("benchmark")
class TurnTcpRelayBenchmark {

    @Test
    void printsTheFigures() throws Exception {
        RelayFigures.measure(RelayFigures.bothBlocked("tcp"), "TURN/TCP", "TCP 3478", "TurnTcpRelayBenchmark",
                "TURN over TCP, both sides UDP-blocked: figures");
    }
}
