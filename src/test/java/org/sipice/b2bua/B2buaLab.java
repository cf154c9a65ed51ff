package org.sipice.b2bua;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;

/**
 * Alice (the callers), a {@link B2bua} and Bob (the callees) in one JVM on 127.0.0.1, each on its
 * own JAIN-SIP stack and port. Alice calls {@code sip:uN@b2bua}; the B2BUA routes it to
 * {@code sip:uN@bob}, so Bob's leg of call N is found by its user part. Bob answers as soon as his
 * ringing gate opens.
 */
final class B2buaLab implements AutoCloseable {
    private final SipEndpoint aliceSip;
    private final SipEndpoint bobSip;
    private final SipEndpoint b2buaSip;
    private final IceUserAgent alice;
    private final IceUserAgent bob;
    private final B2bua b2bua;
    private final Map<String, Call> bobCalls = new ConcurrentHashMap<>();
    private final AtomicInteger torn = new AtomicInteger();
    private final AtomicInteger tornOnFailure = new AtomicInteger();
    private final Map<String, AtomicInteger> failureReasons = new ConcurrentHashMap<>();

    private B2buaLab(Properties stack, CallConfig phones, CallConfig b2buaLegs) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        aliceSip = SipEndpoint.start("alice-" + System.nanoTime(), stack, loopback, 0);
        bobSip = SipEndpoint.start("bob-" + System.nanoTime(), stack, loopback, 0);
        b2buaSip = SipEndpoint.start("b2bua-" + System.nanoTime(), stack, loopback, 0);
        alice = IceUserAgent.create(aliceSip.provider(), "alice", phones, new CallListener() { }, null);
        bob = IceUserAgent.create(bobSip.provider(), "bob", phones, new CallListener() {
            @Override
            public void incomingCall(Call call) {
                call.incomingInvite().ifPresent(invite -> bobCalls.put(user(invite), call));
            }

            @Override
            public void readyToAlert(Call call) {
                call.answer();
            }

            @Override
            public void onEvent(Call call, long atNanos, CallEvent event) {
                if (event instanceof CallEvent.Ended) {
                    call.incomingInvite().ifPresent(invite -> bobCalls.remove(user(invite), call));
                }
            }
        }, null);
        String bobHost = bobSip.host() + ":" + bobSip.port();
        b2bua = B2bua.builder(b2buaSip.provider(), invite -> Optional.of("sip:" + user(invite) + "@" + bobHost))
                .callConfig(b2buaLegs).listener(event -> {
                    if (event instanceof B2buaEvent.TornDown down) {
                        torn.incrementAndGet();
                        tornOnFailure.addAndGet(down.failure() ? 1 : 0);
                        if (down.failure()) {
                            failureReasons.computeIfAbsent(down.cause() + ": " + CallLoad.status(down.reason()),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }).start();
    }

    /** Alice and Bob use {@code phones}; the B2BUA's legs {@code b2buaLegs}. */
    static B2buaLab start(Properties stack, CallConfig phones, CallConfig b2buaLegs) throws Exception {
        return new B2buaLab(stack, phones, b2buaLegs);
    }

    private static String user(javax.sip.message.Request invite) {
        return ((javax.sip.address.SipURI) invite.getRequestURI()).getUser();
    }

    /** Alice calls user {@code u<n>} through the B2BUA. */
    Call call(int n) {
        return alice.call(b2buaSip.uri("u" + n));
    }

    /** Bob's leg of call {@code n}, while it lasts. */
    Optional<Call> bobLeg(int n) {
        return Optional.ofNullable(bobCalls.get("u" + n));
    }

    int activeBridges() {
        return b2bua.activeBridges();
    }

    /** Calls alive in the three user agents (both B2BUA legs count). */
    int liveCalls() {
        return alice.calls().size() + bob.calls().size() + b2bua.userAgent().calls().size();
    }

    /** Bridges torn down so far, and those of them that ended on a failure. */
    int tornDown() {
        return torn.get();
    }

    int tornDownOnFailure() {
        return tornOnFailure.get();
    }

    /** Why the B2BUA tore bridges down on a failure since the last call, by leg and reason; then forgets them. */
    Map<String, Integer> takeFailureReasons() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        failureReasons.forEach((k, v) -> copy.put(k, v.getAndSet(0)));
        copy.values().removeIf(n -> n == 0);
        return copy;
    }

    @Override
    public void close() {
        b2bua.close();
        alice.close();
        bob.close();
        b2buaSip.close();
        aliceSip.close();
        bobSip.close();
    }
}
