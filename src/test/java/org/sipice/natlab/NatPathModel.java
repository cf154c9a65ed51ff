package org.sipice.natlab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sipice.natprobe.NatBehaviour;
import org.sipice.testing.NatLab.NatType;
import org.sipice.testing.RouterEgress;

/**
 * The prediction of the connectivity matrix: two ICE agents, each with one host candidate behind
 * its own NAT, exchange connectivity checks toward each other's server-reflexive candidate and
 * the peer-reflexive ones they learn (RFC 8445 §7.2.5.3.1, triggered checks §7.3.1.4). The NATs
 * follow RFC 4787: mapping (§4.1: endpoint-independent, address-dependent,
 * address-and-port-dependent) and filtering (§5), an inbound packet that a filter refuses is
 * dropped without a trace (the lab's routers drop on their WAN input), and the reply to an
 * accepted inbound packet leaves through the same binding (it is one session). A check succeeds
 * when its response comes back from where the request went (RFC 8445 §7.2.5.2.1).
 *
 * <p>Pure: no sockets. The answer is whether a direct path (host/srflx/prflx) exists; without it
 * ICE needs a relay (TURN) or fails.
 */
final class NatPathModel {
    private static final String STUN_SERVER = "S:3478";

    /**
     * The expected outcome of one matrix cell. {@code RACE_*}: a direct path exists only when a
     * particular side's first check arrives before the other side's first check went out (an
     * address-dependent mapping that already sent toward the peer answers an inbound check from
     * another binding, which the peer's filter drops); both outcomes are correct there.
     */
    enum Outcome {
        DIRECT, RELAY, FAILED, DIRECT_OR_RELAY, DIRECT_OR_FAILED;

        /** Whether an observed outcome ({@code DIRECT}, {@code RELAY} or {@code FAILED}) matches. */
        boolean allows(Outcome observed) {
            return this == observed || (this == DIRECT_OR_RELAY && (observed == DIRECT || observed == RELAY))
                    || (this == DIRECT_OR_FAILED && (observed == DIRECT || observed == FAILED));
        }
    }

    private NatPathModel() {
    }

    /** RFC 4787/8445 prediction for a call between a LAN behind {@code a} and one behind {@code b}. */
    static Outcome predict(NatType a, NatType b, boolean turn) {
        boolean aFirst = directPathExists(a, b);
        boolean bFirst = directPathExists(b, a);
        if (aFirst && bFirst) {
            // With TURN too: regular nomination waits for the direct pairs before it takes a
            // relayed one (AcceptanceWaits), and each component's own checks open its NAT
            // bindings at once (CheckList.picked), so the relayed pair, often valid first, must
            // not win (docs/ENGINE.md).
            return Outcome.DIRECT;
        }
        if (aFirst || bFirst) {
            return turn ? Outcome.DIRECT_OR_RELAY : Outcome.DIRECT_OR_FAILED;
        }
        // A TURN relay is reachable through any NAT (the client opened the flow), and TURN
        // permissions are per IP address (RFC 8656 §9), so a relayed pair always works.
        if (turn && aSideFiltersByAddressOnly(a, b)) {
            return Outcome.DIRECT_OR_RELAY;
        }
        return turn ? Outcome.RELAY : Outcome.FAILED;
    }

    /**
     * The prediction when a router may also restrict what leaves its LAN (docs/natlab.md,
     * "Restricted egress"). Every candidate here is UDP (no ICE-TCP, RFC 6544, is signalled): a
     * side whose router lets no UDP out gets no server-reflexive candidate (its Binding requests
     * are dropped), its host candidate's checks never leave the LAN and the peer's checks toward
     * it are dropped, so the only pairs that can work have its relayed candidate as their local
     * one, allocated over TCP or TLS (RFC 8656 §3.1) and reaching the peer through the TURN server's UDP
     * relay (the permission is per peer address, RFC 8656 §9). Hence a relayed pair, whatever the
     * NATs, when such a side has a TURN server it reaches, and a clean ICE failure when it has none.
     *
     * @param turn every side whose router blocks UDP has a TURN server it reaches over TCP, and an
     *     open side has one over UDP
     */
    static Outcome predict(NatType a, RouterEgress egressA, NatType b, RouterEgress egressB, boolean turn) {
        if (egressA.letsUdpOut() && egressB.letsUdpOut()) {
            return predict(a, b, turn);
        }
        return turn ? Outcome.RELAY : Outcome.FAILED;
    }

    /**
     * A side behind a NAT whose router lets TCP out, with ICE-TCP (RFC 6544), calling a peer on
     * the public network that signals a passive TCP host candidate: its active candidate connects
     * out to it (RFC 6544 §7.1: active to passive only), through the NAT like any outgoing TCP
     * connection, so a direct TCP pair works whatever the NAT's UDP behaviour. Between two LANs
     * there is no such pair: a passive candidate behind a NAT is never reached from outside (the
     * lab's routers drop inbound TCP that is not a reply), and active to active never pairs.
     */
    static Outcome predictIceTcpToPublicPeer(RouterEgress egress) {
        return egress == RouterEgress.TCP443_ONLY ? Outcome.RELAY : Outcome.DIRECT;
    }

    /**
     * With TURN, each agent also checks the peer's relayed candidates, which live on the
     * STUN/TURN server's address; behind an address-dependent filter the bindings those checks
     * open admit what that address sends, and a direct (prflx/srflx) pair was seen to succeed in
     * the lab for apdm/adf on both sides (once in CI) and for apdm/adf facing apdm/apdf (once,
     * 2026-12-07, when regular nomination waited for the direct pairs before taking the relayed
     * one), where the STUN-only call fails as predicted. This model does not simulate checks
     * toward relayed candidates, so such cells accept either.
     */
    private static boolean aSideFiltersByAddressOnly(NatType a, NatType b) {
        return a.filtering() == NatBehaviour.Filtering.ADDRESS_DEPENDENT
                || b.filtering() == NatBehaviour.Filtering.ADDRESS_DEPENDENT;
    }

    /** Whether checks find a direct path when {@code a}'s first check goes out before {@code b}'s. */
    static boolean directPathExists(NatType a, NatType b) {
        Nat natA = new Nat("A", a);
        Nat natB = new Nat("B", b);
        Agent agentA = new Agent(natA, natB);
        Agent agentB = new Agent(natB, natA);
        // Gathering: each agent's STUN Binding creates its server-reflexive candidate.
        String srflxA = natA.outbound(STUN_SERVER);
        String srflxB = natB.outbound(STUN_SERVER);
        agentA.remote.add(srflxB);
        agentB.remote.add(srflxA);
        // Both agents check at once; retransmissions and triggered checks make several rounds.
        for (int round = 0; round < 6; round++) {
            agentA.checkAll(agentB);
            agentB.checkAll(agentA);
            if (agentA.succeeded || agentB.succeeded) {
                return true;
            }
        }
        return false;
    }

    /** One ICE agent with its single host socket behind {@code nat}. */
    private static final class Agent {
        final Nat nat;
        final Nat peerNat;
        final Set<String> remote = new LinkedHashSet<>();
        boolean succeeded;

        Agent(Nat nat, Nat peerNat) {
            this.nat = nat;
            this.peerNat = peerNat;
        }

        void checkAll(Agent peer) {
            for (String target : new ArrayList<>(remote)) {
                String from = nat.outbound(target);
                if (!peerNat.inbound(target, from)) {
                    continue; // the peer's NAT dropped the request
                }
                // The peer learns a peer-reflexive candidate (RFC 8445 §7.3.1.3) and answers.
                peer.remote.add(from);
                String responseFrom = peerNat.outbound(from);
                if (nat.inbound(from, responseFrom) && responseFrom.equals(target)) {
                    succeeded = true;
                }
            }
        }
    }

    /** One RFC 4787 NAT with a public address named after it; ports are counters. */
    private static final class Nat {
        final String name;
        final NatType type;
        /** internal binding key (per the mapping behaviour) → public port. */
        final Map<String, Integer> mappings = new HashMap<>();
        /** remote endpoint → public port of the session with it. */
        final Map<String, Integer> sessions = new HashMap<>();
        int nextPort = 1000;

        Nat(String name, NatType type) {
            this.name = name;
            this.type = type;
        }

        /** Our host sends to {@code remote} ("IP:port"); returns the public source it appears from. */
        String outbound(String remote) {
            Integer port = sessions.get(remote);
            if (port == null) {
                String key = switch (type.mapping()) {
                    case ADDRESS_DEPENDENT -> ip(remote);
                    case ADDRESS_AND_PORT_DEPENDENT -> remote;
                    default -> "any";
                };
                port = mappings.computeIfAbsent(key, k -> nextPort++);
                sessions.put(remote, port);
            }
            return name + ":" + port;
        }

        /** A packet from {@code remote} to {@code to}: true if the NAT lets it in (RFC 4787 §5). */
        boolean inbound(String to, String remote) {
            if (!to.startsWith(name + ":")) {
                return false; // not our public address (e.g. the STUN server)
            }
            int port = Integer.parseInt(to.substring(name.length() + 1));
            if (!mappings.containsValue(port)) {
                return false;
            }
            Integer session = sessions.get(remote);
            if (session != null) {
                return session == port; // a reply on the session, or a clash with another binding
            }
            boolean allowed = switch (type.filtering()) {
                case ENDPOINT_INDEPENDENT -> true;
                case ADDRESS_DEPENDENT -> sessions.entrySet().stream()
                        .anyMatch(e -> e.getValue() == port && ip(e.getKey()).equals(ip(remote)));
                default -> false;
            };
            if (allowed) {
                sessions.put(remote, port);
            }
            return allowed;
        }

        private static String ip(String endpoint) {
            return endpoint.substring(0, endpoint.indexOf(':'));
        }

        @Override
        public String toString() {
            return name + " " + type + " " + sessions;
        }
    }

    /** Every unordered pair of router types (a pair and its mirror share a cell). */
    static List<NatType[]> cells() {
        List<NatType> all = NatType.all();
        List<NatType[]> cells = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i; j < all.size(); j++) {
                cells.add(new NatType[] {all.get(i), all.get(j)});
            }
        }
        return cells;
    }

    static NatType type(String label) {
        return NatType.all().stream().filter(t -> t.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(Objects.toString(label)));
    }
}
