package org.sipice.sip.internal.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each stack its {@link SipTlsContext}: the RI makes {@link SipTlsNetworkLayer} by
 * reflection with no arguments, so the network layer looks its context up by the stack's name,
 * registered just before the stack is created and removed when it stops.
 */
public final class SipTlsContexts {
    private static final Map<String, SipTlsContext> BY_STACK = new ConcurrentHashMap<>();

    private SipTlsContexts() {
    }

    /** @throws IllegalStateException if a stack of that name already has one */
    public static void register(String stackName, SipTlsContext context) {
        if (BY_STACK.putIfAbsent(stackName, context) != null) {
            throw new IllegalStateException("a SIP stack named " + stackName + " already uses TLS");
        }
    }

    public static void remove(String stackName) {
        BY_STACK.remove(stackName);
    }

    static SipTlsContext of(String stackName) {
        SipTlsContext context = BY_STACK.get(stackName);
        if (context == null) {
            throw new IllegalStateException("no TLS context registered for the SIP stack " + stackName);
        }
        return context;
    }
}
