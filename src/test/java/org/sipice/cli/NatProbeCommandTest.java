package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sipice.stun.EmbeddedStunServer;
import picocli.CommandLine;

/**
 * {@code sipice nat-probe} without a NAT lab (loopback, no root): a silent server, a server
 * without RFC 5780 and bad options end with a clear RESULT line and exit status, quickly. The
 * behaviours themselves are verified against real NATs in {@code natlab.NatProbeLabTest}.
 */
class NatProbeCommandTest {

    @Test
    void aSilentServer_failsWithNoStunResponse() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Run r = run("nat-probe", "--stun", "127.0.0.1:" + silent.getLocalPort(), "--wait", "300",
                    "--lifetime-max", "0");

            assertEquals(ExitCode.CALL_FAILED, r.code(), r.out());
            assertTrue(r.out().contains("RESULT status=failed reason=no_stun_response mapping=unknown"), r.out());
        }
    }

    @Test
    void aServerWithoutOtherAddress_noNatHere_filteringUnknown() throws Exception {
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(InetAddress.getLoopbackAddress())) {
            Run r = run("nat-probe", "--stun", "127.0.0.1:" + stun.address().getPort(), "--local", "127.0.0.1",
                    "--wait", "300", "--lifetime-max", "0", "--no-hairpinning");

            assertEquals(ExitCode.CALL_FAILED, r.code(), r.out());
            assertTrue(r.out().contains("RESULT status=failed reason=behaviour_unknown mapping=none filtering=unknown"),
                    r.out());
            assertTrue(r.out().contains("does not support RFC 5780"), r.out());
        }
    }

    @Test
    void badOptions_areUsageErrors() {
        assertEquals(ExitCode.USAGE, run("nat-probe", "--stun", "127.0.0.1:99999").code());
        assertEquals(ExitCode.USAGE, run("nat-probe", "--stun", "127.0.0.1", "--lifetime-max", "-1").code());
        assertEquals(ExitCode.USAGE, run("nat-probe", "--stun", "127.0.0.1", "--rto", "0").code());
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(picocliOut, true));
            cli.setErr(new PrintWriter(picocliOut, true));
            return new Run(cli.execute(args), buffer.toString(StandardCharsets.UTF_8) + picocliOut);
        } finally {
            System.setOut(saved);
        }
    }
}
