package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.TransportAddress;
import org.ice4j.Transport;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * Loads ice4j's codec once per process, on the thread that makes the first session, not on an
 * event loop: its first use reads ice4j's configuration and loads its message and attribute
 * classes, which took 2.4 s on a loaded 2-core machine and, on a loop, held up every session of
 * that loop (a gathering deadline of 800 ms then passed before a STUN answer already received
 * could be read).
 */
final class CodecWarmup {
    private static final Logger LOG = LogManager.getLogger(CodecWarmup.class);

    private CodecWarmup() {
    }

    private static final class Holder {
        static final boolean DONE = run();
    }

    /** Returns once the codec is loaded (at once after the first call). */
    static boolean ensure() {
        return Holder.DONE;
    }

    private static boolean run() {
        long t0 = System.nanoTime();
        try {
            Request request = MessageFactory.createBindingRequest();
            request.setTransactionID(TransactionId.random().bytes());
            byte[] raw = StunCodec.encode(request, StunCodec.shortTermKey("warmupwarmupwarmupwarmup"), true);
            StunCodec.decode(raw, raw.length);
            Response response = MessageFactory.createBindingResponse(request,
                    new TransportAddress(new InetSocketAddress("127.0.0.1", 9), Transport.UDP));
            response.setTransactionID(request.getTransactionID());
            byte[] answer = StunCodec.encode(response, null, true);
            Message decoded = StunCodec.decode(answer, answer.length);
            ReflexiveGathering.mappedAddress((Response) decoded);
            AttributeFactory.createPriorityAttribute(1);
            // TURN (RFC 8656 §7.1): an Allocate with its long-term integrity.
            Request allocate = MessageFactory.createAllocateRequest((byte) 17, false);
            allocate.setTransactionID(TransactionId.random().bytes());
            byte[] turn = StunCodec.encode(allocate, StunCodec.longTermKey("user", "realm", "password"), true);
            StunCodec.decode(turn, turn.length);
            LOG.debug("STUN codec loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (Exception | LinkageError e) {
            LOG.debug("STUN codec warm-up incomplete: {}", e.toString()); // the first session is only slower
            return false;
        }
    }
}
