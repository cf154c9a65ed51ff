package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import org.ice4j.message.Message;
import org.sipice.ice.internal.engine.agent.Agent;
import org.sipice.ice.internal.engine.net.DatagramPort;

/** The demultiplexer's way into the agent: the peer's checks and the media counts. */
record AgentChecks(Agent agent) implements PacketDemux.Checks {
    @Override
    public void onRequest(DatagramPort port, Message request, byte[] raw, InetSocketAddress from) {
        agent.onRequest(port, request, raw, from);
    }

    @Override
    public void onMedia(DatagramPort port, InetSocketAddress from, int length) {
        agent.onMedia(port, from, length);
    }
}
