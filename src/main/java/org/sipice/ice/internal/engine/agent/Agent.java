package org.sipice.ice.internal.engine.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.ice4j.message.Message;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.internal.engine.loop.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunTransactions;

/**
 * The RFC 8445 agent of one generation (docs/ENGINE.md, "Agent"). Work in progress: the public
 * surface is final, the behaviour lands in the next commits.
 */
public final class Agent {
    private final AgentSettings settings;
    private IceRole role;

    public Agent(Scheduler scheduler, StunTransactions transactions, AgentSettings settings,
            Consumer<IceEvent> events) {
        this.settings = settings;
        this.role = settings.role();
    }

    public void addLocal(LocalCandidate candidate) {
    }

    public void start(RemoteIce remote) {
    }

    public void onRequest(DatagramPort port, Message request, byte[] raw, InetSocketAddress from) {
    }

    public void onMedia(DatagramPort port, InetSocketAddress from, int length) {
    }

    public void send(int componentId, byte[] data, int offset, int length) throws IOException {
        throw new IOException("no selected pair for component " + componentId);
    }

    public Optional<CandidatePairInfo> selectedPair(int componentId) {
        return Optional.empty();
    }

    public IceRole role() {
        return role;
    }

    public void setRole(IceRole role) {
        this.role = role;
    }

    public AgentSnapshot stats() {
        return new AgentSnapshot(role, List.of(), List.of(), List.of());
    }

    public void close() {
    }
}
