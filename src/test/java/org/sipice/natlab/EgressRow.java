package org.sipice.natlab;

import java.util.List;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;
import org.sipice.testing.NatLab.NatType;
import org.sipice.testing.RouterEgress;

/**
 * One row of the restricted-egress matrix (docs/nat-matrix.md): both routers' NAT behaviour and
 * egress, and the TURN server each softphone is configured with, the one its network lets it
 * reach. {@link #ROWS} is the list {@link RestrictedEgressMatrixTest} runs.
 *
 * @param turnA the caller's (LAN a) TURN server, {@code HOST:PORT[?transport=tcp]} or {@code turns:HOST:PORT}
 * @param turnB the callee's (LAN b)
 * @param publicCallee the callee is not in LAN b but on the public network ({@link #PUBLIC_CALLEE}),
 *     and both sides signal ICE-TCP candidates (RFC 6544, {@code sipice.ice-tcp})
 */
record EgressRow(String name, NatType a, RouterEgress egressA, String turnA, NatType b, RouterEgress egressB,
        String turnB, boolean publicCallee) {

    /** A row between two LANs. */
    EgressRow(String name, NatType a, RouterEgress egressA, String turnA, NatType b, RouterEgress egressB,
            String turnB) {
        this(name, a, egressA, turnA, b, egressB, turnB, false);
    }

    /** Where a public callee listens (the pub namespace's third address; coturn is not on it). */
    static final String PUBLIC_CALLEE = "198.51.100.1";

    /** coturn's primary address in every lab. */
    static final String HOST = NatLab.STUN.substring(0, NatLab.STUN.indexOf(':'));
    /** TURN over UDP, as every open network's softphone has it. */
    static final String UDP_3478 = HOST + ":3478";
    /** TURN over TCP (RFC 8656 §3.1) on the usual port. */
    static final String TCP_3478 = HOST + ":3478?transport=tcp";
    /** TURN over TCP on the HTTPS port, the one a TCP/443-only network lets out (coturn's aux server). */
    static final String TCP_443 = HOST + ":443?transport=tcp";
    /** TURN over TLS (RFC 8656 §3.1, RFC 7065 §3.1) on its own port. */
    static final String TLS_5349 = "turns:" + HOST + ":5349";
    /** TURN over TLS on the HTTPS port: coturn's aux server on 443 tells TLS from plain TCP itself. */
    static final String TLS_443 = "turns:" + HOST + ":443";
    /**
     * TURN over TCP to a second coturn that allocates nothing: it answers 300 Try Alternate naming
     * {@link #TCP_3478}'s server (RFC 8656 §7.2, ALTERNATE-SERVER RFC 8489 §10), which the client
     * asks instead, once, with the same transport and credentials.
     */
    static final String REDIRECTED_TCP = NatLab.TURN_REDIRECTOR + "?transport=tcp";

    /**
     * The rows. Both routers are eim/apdf (the common home router) so that only the egress
     * decides; a closed side's pairs must still end relayed, which {@link NatPathModel} predicts
     * for any NAT behaviour; with ICE-TCP toward a public callee, a direct TCP pair instead.
     * A row with a {@code turns:} server gets a lab whose coturn also
     * serves TLS, and that side's softphone the lab's CA ({@code --turn-ca-file}).
     */
    static final List<EgressRow> ROWS = List.of(
            new EgressRow("UDP blocked on one side, TURN/TCP there", eimApdf(), RouterEgress.BLOCK_UDP, TCP_3478,
                    eimApdf(), RouterEgress.OPEN, UDP_3478),
            new EgressRow("UDP blocked on both sides, relay to relay over TURN/TCP", eimApdf(), RouterEgress.BLOCK_UDP,
                    TCP_3478, eimApdf(), RouterEgress.BLOCK_UDP, TCP_3478),
            new EgressRow("TCP/443 only on one side, TURN/TCP to port 443 there", eimApdf(),
                    RouterEgress.TCP443_ONLY, TCP_443, eimApdf(), RouterEgress.OPEN, UDP_3478),
            new EgressRow("UDP blocked on one side, TURN/TLS there", eimApdf(), RouterEgress.BLOCK_UDP, TLS_5349,
                    eimApdf(), RouterEgress.OPEN, UDP_3478),
            new EgressRow("UDP blocked on both sides, relay to relay over TURN/TLS", eimApdf(), RouterEgress.BLOCK_UDP,
                    TLS_5349, eimApdf(), RouterEgress.BLOCK_UDP, TLS_5349),
            new EgressRow("TCP/443 only on one side, TURN/TLS to port 443 there", eimApdf(),
                    RouterEgress.TCP443_ONLY, TLS_443, eimApdf(), RouterEgress.OPEN, UDP_3478),
            new EgressRow("UDP blocked on one side, its TURN/TCP server redirects (300) to another", eimApdf(),
                    RouterEgress.BLOCK_UDP, REDIRECTED_TCP, eimApdf(), RouterEgress.OPEN, UDP_3478),
            new EgressRow("UDP blocked on one side, ICE-TCP direct to a public callee's passive candidate", eimApdf(),
                    RouterEgress.BLOCK_UDP, TCP_3478, eimApdf(), RouterEgress.OPEN, UDP_3478, true));

    /** What {@link NatPathModel} predicts: each side reaches its own TURN server. */
    Outcome predicted() {
        return publicCallee ? NatPathModel.predictIceTcpToPublicPeer(egressA)
                : NatPathModel.predict(a, egressA, b, egressB, true);
    }

    /** The lab this row needs: coturn on TLS too when a side's server is {@code turns:}. */
    NatLab.Options labOptions() {
        NatLab.Options options = NatLab.Options.DEFAULT.withEgress(egressA, egressB);
        options = tls(turnA) || tls(turnB) ? options.withTurnTls() : options;
        return turnA.equals(REDIRECTED_TCP) || turnB.equals(REDIRECTED_TCP) ? options.withTurnRedirect() : options;
    }

    /** The server side {@code a} or {@code b} must allocate on: its own, or the one it is redirected to. */
    String allocatesOn(String side) {
        return turn(side).equals(REDIRECTED_TCP) ? TCP_3478 : turn(side);
    }

    /** Side {@code a} or {@code b}'s TURN server. */
    String turn(String side) {
        return side.equals("a") ? turnA : turnB;
    }

    /** Whether {@code turn} is reached over TLS (a {@code turns:} URI, RFC 7065 §3.1). */
    static boolean tls(String turn) {
        return turn.startsWith("turns:");
    }

    /** How a softphone reaches {@code turn}: {@code udp}, {@code tcp} or {@code tls}, as relayProtocol says it. */
    static String transport(String turn) {
        return tls(turn) ? "tls" : turn.contains("transport=tcp") ? "tcp" : "udp";
    }

    /** The URI a softphone prints for {@code turn} in its ladder: {@code turn:} added to a bare address. */
    static String uri(String turn) {
        return tls(turn) ? turn : "turn:" + turn;
    }

    /** A side's router and egress as the table shows them, e.g. {@code eim/apdf block-udp}. */
    static String router(NatType type, RouterEgress egress) {
        return type.label() + " " + egress.label();
    }

    private static NatType eimApdf() {
        return NatPathModel.type("eim/apdf");
    }

    @Override
    public String toString() {
        return name;
    }
}
