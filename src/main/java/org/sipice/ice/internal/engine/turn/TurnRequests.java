package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.Retransmission;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * The TURN requests of one allocation, sent from the host port to the server with long-term
 * credentials (RFC 8489 §9.2): a 401 challenge to a request without credentials is answered once
 * with them, a 438 Stale Nonce once with the new nonce (RFC 8489 §9.2.5); responses that fail
 * MESSAGE-INTEGRITY or come from another address are discarded and the transaction goes on.
 * Used on the session's thread only.
 */
final class TurnRequests {

    /** What became of a request, after the retries above. */
    interface Result {
        void succeeded(Response response);

        /** As {@link #succeeded(Response)}, with the bytes it was decoded from (repeated attributes). */
        default void succeeded(Response response, byte[] raw) {
            succeeded(response);
        }

        void failed(TurnError error);
    }

    private final StunTransactions transactions;
    private final DatagramPort hostPort;
    private final InetSocketAddress server;
    private final LongTermCredentials credentials;
    private final boolean reliable;
    private final Map<StunTransactions.Transaction, Character> inProgress = new HashMap<>();

    /**
     * @param reliable true over TCP: RFC 8489 §6.2.2, a request is sent once and the transaction
     *                 fails when no answer comes within the time UDP's retransmissions would take
     */
    TurnRequests(StunTransactions transactions, DatagramPort hostPort, InetSocketAddress server,
            LongTermCredentials credentials, boolean reliable) {
        this.transactions = transactions;
        this.reliable = reliable;
        this.hostPort = hostPort;
        this.server = server;
        this.credentials = credentials;
    }

    /**
     * Sends the request {@code form} makes for a transaction id (a new one for each retry:
     * RFC 8489 §9.2.5 retries are new transactions, and XOR-PEER-ADDRESS depends on the id).
     */
    void send(Function<TransactionId, Request> form, Retransmission policy, Result result) {
        send(form, policy, result, false);
    }

    /** Cancels every request in progress; their results never come. */
    void cancelAll() {
        inProgress.keySet().forEach(StunTransactions.Transaction::cancel);
        inProgress.clear();
    }

    /** Cancels every request in progress except those of type {@code keep}; their results never come. */
    void cancelAllBut(char keep) {
        for (Map.Entry<StunTransactions.Transaction, Character> e : new ArrayList<>(inProgress.entrySet())) {
            if (e.getValue() != keep) {
                e.getKey().cancel();
                inProgress.remove(e.getKey());
            }
        }
    }

    /** Requests in progress. */
    int inProgress() {
        return inProgress.size();
    }

    private void send(Function<TransactionId, Request> form, Retransmission policy, Result result,
            boolean staleNonceRetried) {
        TransactionId id = TransactionId.random();
        Request request = form.apply(id);
        char type = request.getMessageType();
        byte[] key = credentials.apply(request);
        StunTransactions.Transaction[] self = new StunTransactions.Transaction[1];
        StunTransactions.Outcome outcome = new StunTransactions.Outcome() {
            @Override
            public boolean onResponse(Response response, byte[] raw, InetSocketAddress from, Duration rtt) {
                if (!server.equals(from)) {
                    return false; // RFC 8489 §6.3: only the server's answers count
                }
                if (response.isErrorResponse()) {
                    int code = TurnErrors.code(response);
                    boolean challenge = code == 401 && key == null;
                    boolean stale = code == 438 && !staleNonceRetried;
                    if ((challenge || stale) && credentials.learn(response)) {
                        inProgress.remove(self[0]);
                        // RFC 8489 §9.2.5: retry with the realm and (new) nonce; one stale-nonce retry.
                        send(form, policy, result, staleNonceRetried || code == 438);
                        return true;
                    }
                    if (key != null && response.containsAttribute(Attribute.MESSAGE_INTEGRITY)
                            && !StunCodec.integrityValid(response, raw, key)) {
                        return false; // RFC 8489 §9.2.5: a response that fails integrity is discarded
                    }
                    inProgress.remove(self[0]);
                    result.failed(TurnErrors.of(type, response, credentials.username()));
                    return true;
                }
                if (key != null && !StunCodec.integrityValid(response, raw, key)) {
                    return false; // RFC 8489 §9.2.5: a success to an authenticated request must verify
                }
                inProgress.remove(self[0]);
                result.succeeded(response, raw);
                return true;
            }

            @Override
            public void onTimeout() {
                inProgress.remove(self[0]);
                result.failed(TurnErrors.timeout(type));
            }
        };
        Retransmission sending = reliable ? new Retransmission(policy.timeout(), 1, 1) : policy;
        self[0] = transactions.send(id, request, key, hostPort, server, sending, outcome);
        if (!self[0].isDone()) {
            inProgress.put(self[0], type);
        }
    }
}
