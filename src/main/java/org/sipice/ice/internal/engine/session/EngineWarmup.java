package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.TurnServer;
import org.sipice.ice.internal.engine.agent.Agent;
import org.sipice.ice.internal.engine.agent.LocalCandidate;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.stun.TransactionId;
import org.sipice.ice.internal.engine.turn.TurnClient;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;

/**
 * Loads the engine's code once per process, on the thread that makes the first session, not on
 * an event loop: ice4j's codec (its first use reads ice4j's configuration), the agent and the
 * TURN client. On a loaded 2-core machine that took seconds; on a loop it held up every session
 * of that loop, and a gathering deadline of 800 ms passed before answers already received could
 * be read (the first relay-only session then had no relayed candidate). Nothing leaves the
 * machine: the ports here drop what they are given and the timers never fire.
 */
final class EngineWarmup {
    private static final Logger LOG = LogManager.getLogger(EngineWarmup.class);
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);

    private EngineWarmup() {
    }

    private static final class Holder {
        static final boolean DONE = run();
    }

    /** Returns once the engine's code is loaded (at once after the first call). */
    static boolean ensure() {
        return Holder.DONE;
    }

    private static boolean run() {
        long t0 = System.nanoTime();
        try {
            codec();
            Scheduler idle = new IdleScheduler();
            StunTransactions transactions = new StunTransactions(idle);
            DatagramPort port = new DropPort();
            TurnClient turn = new TurnClient(idle, transactions, port, new TurnServer(NOWHERE, "user", "password"), 1,
                    e -> { }, (p, d, l, f) -> { });
            turn.allocate();
            turn.close();
            IceCredentials ours = LocalCredentials.random();
            Agent agent = new Agent(idle, transactions, AgentSettingsFrom.of(IceConfig.builder().build(),
                    IceRole.CONTROLLING, ours), e -> { });
            IceCandidate host = IceCandidate.builder().foundation("1").priority(2130706431L).address("127.0.0.1")
                    .port(9).build();
            agent.addLocal(new LocalCandidate(host, port, NOWHERE));
            agent.start(new RemoteIce(LocalCredentials.random(), List.of(host), false, OptionalInt.empty(),
                    List.of()));
            agent.stats();
            agent.close();
            LOG.debug("ICE engine loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (Exception | LinkageError e) {
            LOG.debug("ICE engine warm-up incomplete: {}", e.toString()); // the first session is only slower
            return false;
        }
    }

    private static void codec() throws Exception {
        Request request = MessageFactory.createBindingRequest();
        request.setTransactionID(TransactionId.random().bytes());
        byte[] raw = StunCodec.encode(request, StunCodec.shortTermKey("warmupwarmupwarmupwarmup"), true);
        StunCodec.decode(raw, raw.length);
        Response response = MessageFactory.createBindingResponse(request, new TransportAddress(NOWHERE, Transport.UDP));
        response.setTransactionID(request.getTransactionID());
        byte[] answer = StunCodec.encode(response, null, true);
        Message decoded = StunCodec.decode(answer, answer.length);
        ReflexiveGathering.mappedAddress((Response) decoded);
    }

    /** Runs tasks in place; timers never fire. */
    private static final class IdleScheduler implements Scheduler {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Timer schedule(Duration delay, Runnable task) {
            return () -> { };
        }

        @Override
        public boolean inThread() {
            return true;
        }
    }

    /** Drops what it is given. */
    private static final class DropPort implements DatagramPort {
        @Override
        public InetSocketAddress localAddress() {
            return NOWHERE;
        }

        @Override
        public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
