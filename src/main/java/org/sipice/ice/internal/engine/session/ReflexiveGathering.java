package org.sipice.ice.internal.engine.session;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.MappedAddressAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;
import org.sipice.ice.IceEvent;
import org.sipice.ice.StunServer;
import org.sipice.ice.internal.engine.session.HostPorts.HostPort;
import org.sipice.ice.internal.engine.stun.Retransmission;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * Server-reflexive candidates (RFC 8445 §5.1.1.2): a Binding request from every host port to
 * every STUN server of its address family, all sent at once, every component in parallel (one
 * after the other cost a round trip per component in post-dial delay, issue 12). Session thread
 * only.
 *
 * <p>A Binding answer equal to the host port's own address means no NAT on the way: that
 * candidate would be redundant with its base (RFC 8445 §5.1.3), so it is not one, and the server
 * did answer, so it is not a failure either.
 */
final class ReflexiveGathering {
    private static final Logger LOG = LogManager.getLogger(ReflexiveGathering.class);

    /**
     * 100 ms, doubling, 7 requests: the gathering deadline ends the transaction long before RFC
     * 8489 §6.2.1's 500 ms RTO would send a second request; a first loss must be recovered within
     * it. (ice4j's harvester used the same 100 ms.)
     */
    static final Retransmission RETRANSMISSION = new Retransmission(Duration.ofMillis(100), 7, 16);

    /** What became of one server. */
    private static final class Outcome {
        int pending;
        boolean candidate;
        boolean sawNoNat;
        String failure;
    }

    private final String name;
    private final StunTransactions transactions;
    private final Foundations foundations;
    private final Runnable progress;
    private final Map<StunServer, Outcome> outcomes = new LinkedHashMap<>();
    private final List<GatheredCandidate> found = new ArrayList<>();
    private final List<StunTransactions.Transaction> inFlight = new ArrayList<>();

    /**
     * @param progress called after each transaction ends (answer, error or time-out)
     */
    ReflexiveGathering(String name, StunTransactions transactions, Foundations foundations, Runnable progress) {
        this.name = name;
        this.transactions = transactions;
        this.foundations = foundations;
        this.progress = progress;
    }

    /** Sends every Binding request now. */
    void start(List<StunServer> servers, List<HostPort> hosts) {
        for (int s = 0; s < servers.size(); s++) {
            StunServer server = servers.get(s);
            Outcome outcome = outcomes.computeIfAbsent(server, k -> new Outcome());
            for (HostPort host : hosts) {
                boolean v4 = host.address().getAddress() instanceof Inet4Address;
                if (v4 != server.address().getAddress() instanceof Inet4Address) {
                    continue; // RFC 8445 §5.1.1.2: a server of the base's address family
                }
                outcome.pending++;
                int serverIndex = s;
                inFlight.add(transactions.send(MessageFactory.createBindingRequest(), null, host.port(),
                        server.address(), RETRANSMISSION, new StunTransactions.Outcome() {
                            @Override
                            public boolean onResponse(Response response, byte[] raw, InetSocketAddress from,
                                    Duration rtt) {
                                if (!server.address().equals(from)) {
                                    return false; // not the server's answer: keep waiting for it
                                }
                                answered(server, serverIndex, servers.size(), host, response);
                                return true;
                            }

                            @Override
                            public void onTimeout() {
                                ended(server, "no Binding response (server silent, unreachable or refusing)");
                            }
                        }));
            }
            if (outcome.pending == 0) {
                outcome.failure = "no host address of its address family";
            }
        }
    }

    /** True when every request has ended. */
    boolean done() {
        return outcomes.values().stream().allMatch(o -> o.pending == 0);
    }

    /** The server-reflexive candidates so far. */
    List<GatheredCandidate> candidates() {
        return List.copyOf(found);
    }

    /** Stops the requests still waiting (the gathering deadline). */
    void cancel() {
        inFlight.forEach(StunTransactions.Transaction::cancel);
        inFlight.clear();
    }

    /**
     * One {@link IceEvent.ServerFailed} per server that gave no candidate and never answered
     * with the host address itself.
     */
    List<IceEvent.ServerFailed> failures(boolean cutByDeadline, Duration deadline) {
        List<IceEvent.ServerFailed> failed = new ArrayList<>();
        outcomes.forEach((server, o) -> {
            if (o.candidate) {
                return;
            }
            if (o.sawNoNat) {
                LOG.info("{}: stun:{} answered with the host address itself (no NAT): no separate"
                        + " server-reflexive candidate (RFC 8445 §5.1.3)", name, server);
                return;
            }
            String reason = o.failure != null && (o.pending == 0 || !cutByDeadline) ? o.failure
                    : "no Binding response within the gathering deadline of " + deadline.toMillis() + " ms";
            failed.add(new IceEvent.ServerFailed("stun:" + server, reason));
        });
        return failed;
    }

    private void answered(StunServer server, int serverIndex, int servers, HostPort host, Response response) {
        if (response.getMessageType() != Response.BINDING_SUCCESS_RESPONSE) {
            Attribute a = response.getAttribute(Attribute.ERROR_CODE);
            ended(server, "Binding error response" + (a instanceof ErrorCodeAttribute e
                    ? " " + (int) e.getErrorCode() : ""));
            return;
        }
        InetSocketAddress mapped = mappedAddress(response);
        if (mapped == null) {
            ended(server, "Binding response without a mapped address");
            return;
        }
        Outcome o = outcomes.get(server);
        if (mapped.equals(host.address())) {
            o.sawNoNat = true;
        } else if (found.stream().noneMatch(c -> sameAs(c, mapped, host))) {
            // RFC 8445 §5.1.3: a second server giving the same address from the same base adds nothing.
            int localPreference = CandidatePriority.localPreference(host.rank(), serverIndex, servers);
            IceCandidate c = IceCandidate.builder()
                    .foundation(foundations.of(CandidateType.SRFLX, host.address().getAddress(), server.address()))
                    .componentId(host.componentId())
                    .priority(CandidatePriority.of(CandidatePriority.SERVER_REFLEXIVE, localPreference,
                            host.componentId()))
                    .address(mapped.getAddress().getHostAddress()).port(mapped.getPort())
                    .type(CandidateType.SRFLX)
                    .related(host.address().getAddress().getHostAddress(), host.address().getPort())
                    .build();
            found.add(new GatheredCandidate(c, host.port(), host.address(), "stun:" + server));
            o.candidate = true;
        } else {
            o.candidate = true;
        }
        ended(server, null);
    }

    private void ended(StunServer server, String failure) {
        Outcome o = outcomes.get(server);
        o.pending--;
        if (failure != null) {
            o.failure = failure;
        }
        progress.run();
    }

    private static boolean sameAs(GatheredCandidate c, InetSocketAddress mapped, HostPort host) {
        return c.base().equals(host.address()) && c.candidate().address().equals(mapped.getAddress().getHostAddress())
                && c.candidate().port() == mapped.getPort();
    }

    /** RFC 8489 §14.2 XOR-MAPPED-ADDRESS, or RFC 5389's MAPPED-ADDRESS from an older server. */
    static InetSocketAddress mappedAddress(Response response) {
        Attribute xor = response.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        InetSocketAddress a = null;
        if (xor instanceof XorMappedAddressAttribute x) {
            a = x.getAddress(response.getTransactionID());
        } else if (response.getAttribute(Attribute.MAPPED_ADDRESS) instanceof MappedAddressAttribute m) {
            a = m.getAddress();
        }
        // A plain socket address: ice4j's TransportAddress also compares the transport.
        return a == null || a.getAddress() == null ? null : new InetSocketAddress(a.getAddress(), a.getPort());
    }
}
