package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ice4j.message.Message;
import org.ice4j.message.Response;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;

/**
 * One side of a test call: an {@link Agent} with its ports, and the demultiplexer the session
 * will have (STUN responses to the transactions, requests to the agent, the rest is media). Events
 * and media are recorded as values.
 */
final class AgentPeer {
    static final Duration TA = Duration.ofMillis(20);

    final String name;
    final IceCredentials credentials;
    final StunTransactions transactions;
    final List<LocalCandidate> candidates = new ArrayList<>();
    final List<IceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> media = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AgentSettings settings;
    final Agent agent;
    private final Scheduler scheduler;

    AgentPeer(String name, Scheduler scheduler, AgentSettings settings, AcceptanceWaits waits) {
        this(name, scheduler, settings, waits, CheckList.NOTHING_KNOWN);
    }

    /** @param networks which peer addresses are on this peer's links (its unlikely host pairs go later) */
    AgentPeer(String name, Scheduler scheduler, AgentSettings settings, AcceptanceWaits waits, LocalNetworks networks) {
        this.name = name;
        this.scheduler = scheduler;
        this.credentials = settings.local();
        this.settings = settings;
        this.transactions = new StunTransactions(scheduler);
        this.agent = new Agent(scheduler, transactions, settings, waits, networks, events::add);
    }

    /** Alice (controlling, the SIP offerer) or Bob (controlled) with the defaults used in the ladders. */
    static AgentPeer create(String name, Scheduler scheduler, IceRole role, NominationMode mode, long tieBreaker) {
        return new AgentPeer(name, scheduler, settings(name, role, mode, tieBreaker, 1), AcceptanceWaits.DEFAULT);
    }

    static AgentSettings settings(String name, IceRole role, NominationMode mode, long tieBreaker, int components) {
        IceCredentials creds = new IceCredentials(name + "Ufrag", name + "PasswordPasswordPassword");
        return new AgentSettings(role, tieBreaker, creds, components, TA, mode, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15), false, false);
    }

    /** A candidate of ours on a fake port at {@code address}. */
    LocalCandidate addCandidate(FakeNetwork net, CandidateType type, int component, InetSocketAddress address,
            int localPreference) {
        DatagramPort port = net.open(address, this::onPacket);
        return addCandidate(port, type, component, localPreference);
    }

    LocalCandidate addCandidate(DatagramPort port, CandidateType type, int component, int localPreference) {
        InetSocketAddress address = port.localAddress();
        IceCandidate c = IceCandidate.builder().foundation(type.sdpName() + address.getAddress().getHostAddress()
                .replace(".", "").replace(":", "")).componentId(component).priority(priority(type, localPreference, component))
                .address(address.getAddress().getHostAddress()).port(address.getPort()).type(type).build();
        LocalCandidate local = new LocalCandidate(c, port, address);
        candidates.add(local);
        agent.addLocal(local);
        return local;
    }

    /** RFC 8445 §5.1.2.1 with the recommended type preferences (§5.1.2.2). */
    static long priority(CandidateType type, int localPreference, int component) {
        int typePreference = switch (type) {
            case HOST -> 126;
            case PRFLX -> 110;
            case SRFLX -> 100;
            case RELAY -> 0;
        };
        return ((long) typePreference << 24) | ((long) localPreference << 8) | (256 - component);
    }

    /** Local networks where only {@code prefix} (e.g. "198.51.100.") is on the link. */
    static LocalNetworks onlyOnLink(String prefix) {
        return (local, remote) -> java.util.Optional.of(remote.getHostAddress().startsWith(prefix));
    }

    /** What the peer reads from our SDP. */
    RemoteIce asRemote() {
        return new RemoteIce(credentials, candidates.stream().map(LocalCandidate::candidate).toList(), false,
                OptionalInt.empty(), List.of());
    }

    /** The session's demultiplexer (docs/ENGINE.md, "How a packet flows"). */
    void onPacket(DatagramPort port, byte[] data, int length, InetSocketAddress from) {
        if (!StunCodec.isStun(data, length)) {
            media.add(new String(data, 0, length, java.nio.charset.StandardCharsets.UTF_8));
            agent.onMedia(port, from, length);
            return;
        }
        Message m;
        try {
            m = StunCodec.decode(data, length);
        } catch (StunFormatException e) {
            return;
        }
        if (m instanceof Response r) {
            transactions.onResponse(port, r, data, from);
        } else {
            agent.onRequest(port, m, data, from);
        }
    }

    <T extends IceEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    boolean completed() {
        return events.stream().anyMatch(e -> e instanceof IceEvent.Completed);
    }

    boolean finished() {
        return events.stream().anyMatch(e -> e instanceof IceEvent.Completed || e instanceof IceEvent.Failed);
    }

    /** The event types in order, for ladder assertions. */
    List<String> eventNames() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    long now() {
        return scheduler.nanoTime();
    }

    @Override
    public String toString() {
        return name;
    }
}
