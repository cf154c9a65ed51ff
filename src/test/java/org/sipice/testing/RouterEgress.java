package org.sipice.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a NAT lab router lets out of its LAN besides SIP (docs/natlab.md, "Restricted egress"):
 * everything ({@link #OPEN}), everything but UDP ({@link #BLOCK_UDP}: a firewall that allows only
 * TCP, RFC 8656 §3.1's case for TURN over TCP), or only TCP to port 443 ({@link #TCP443_ONLY}: a
 * network that lets out HTTPS alone). SIP's ports 5060-5069 stay routed in every mode, so the
 * lab's calls can be signalled.
 */
public enum RouterEgress {
    OPEN("open"), BLOCK_UDP("block-udp"), TCP443_ONLY("tcp443-only");

    private final String label;

    RouterEgress(String label) {
        this.label = label;
    }

    /** The name {@code scripts/natlab} uses and prints ({@code egress=block-udp}). */
    public String label() {
        return label;
    }

    /** The option of {@code scripts/natlab up/set} for router {@code side} ({@code a} or {@code b}). */
    public String option(String side) {
        return "--" + label + "-" + side;
    }

    /** Whether UDP to the public network gets through (SIP's ports aside). */
    public boolean letsUdpOut() {
        return this == OPEN;
    }

    /**
     * The egress LAN host {@code side} of {@code lab} measures: whether its probe's STUN over UDP
     * was answered ({@code probe}: the RESULT fields of {@code sipice nat-probe} run there) and
     * whether TCP connections to coturn's ports 3478 and 443 open.
     *
     * @throws IllegalStateException if the three do not make any of the modes
     */
    public static RouterEgress measure(NatLab lab, String side, Map<String, String> probe)
            throws IOException, InterruptedException {
        boolean udp = !"no_stun_response".equals(probe.get("reason"));
        boolean tcp3478 = tcpConnects(lab, side, 3478);
        boolean tcp443 = tcpConnects(lab, side, 443);
        if (udp && tcp3478 && tcp443) {
            return OPEN;
        }
        if (!udp && tcp3478 && tcp443) {
            return BLOCK_UDP;
        }
        if (!udp && !tcp3478 && tcp443) {
            return TCP443_ONLY;
        }
        throw new IllegalStateException("LAN " + side + " of " + lab + " measures no egress mode: udp=" + udp
                + " tcp3478=" + tcp3478 + " tcp443=" + tcp443 + " (" + probe + ")");
    }

    /** A TCP connection from the LAN host to coturn's primary address, given 1 s (bash's /dev/tcp). */
    private static boolean tcpConnects(NatLab lab, String side, int port) throws IOException, InterruptedException {
        String host = NatLab.STUN.substring(0, NatLab.STUN.indexOf(':'));
        Process p = new ProcessBuilder(lab.command(side, List.of("timeout", "1", "bash", "-c",
                "exec 3<>/dev/tcp/" + host + "/" + port))).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the TCP connection test to port " + port + " in LAN " + side + " did not end");
        }
        return p.exitValue() == 0;
    }
}
