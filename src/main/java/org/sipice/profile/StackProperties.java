package org.sipice.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JAIN-SIP stack properties a sip-profile may set: every {@code javax.sip.*},
 * {@code gov.nist.javax.sip.*} and {@code javax.net.ssl.*} name the RI 1.3.0-91 reads (taken from
 * the strings in its jar), with a type for those whose values it parses. The RI itself ignores an
 * unknown or misspelled name and reads {@code "yes"} as false, so without this check a typo in
 * {@code THREAD_POOL_SIZE} would silently bring back a thread per datagram (docs/JAIN-SIP.md §5).
 */
final class StackProperties {

    /** How the RI reads a property's value. */
    enum Type {
        /** A whole number ({@code Integer.parseInt}). */
        NUMBER,
        /** {@code true} or {@code false} (the RI takes anything else as false). */
        BOOLEAN,
        /** {@code on} or {@code off}. */
        ON_OFF,
        /** A class name, an address, a list: not checked here. */
        TEXT
    }

    private static final String NIST = "gov.nist.javax.sip.";
    private static final Map<String, Type> KNOWN = new TreeMap<>();

    static {
        for (String n : List.of("CONGESTION_CONTROL_TIMEOUT", "CONNECTION_TIMEOUT", "DIALOG_TIMEOUT_FACTOR",
                "EARLY_DIALOG_TIMEOUT_SECONDS", "LINGER_TIMER", "MAX_CLIENT_TRANSACTIONS", "MAX_CONNECTIONS",
                "MAX_FORK_TIME_SECONDS", "MAX_LISTENER_RESPONSE_TIME", "MAX_MESSAGE_SIZE", "MAX_SERVER_TRANSACTIONS",
                "MAX_TX_LIFETIME_INVITE", "MAX_TX_LIFETIME_NON_INVITE", "MIN_KEEPALIVE_TIME_SECONDS",
                "NIO_MAX_SOCKET_IDLE_TIME", "READ_TIMEOUT", "RECEIVE_UDP_BUFFER_SIZE",
                "RELIABLE_CONNECTION_KEEP_ALIVE_TIMEOUT", "SEND_UDP_BUFFER_SIZE", "SSL_HANDSHAKE_TIMEOUT",
                "TCP_POST_PARSING_THREAD_POOL_SIZE", "THREAD_AUDIT_INTERVAL_IN_MILLISECS", "THREAD_POOL_SIZE",
                "THREAD_PRIORITY")) {
            KNOWN.put(NIST + n, Type.NUMBER);
        }
        for (String n : List.of("AGGRESSIVE_CLEANUP", "ALWAYS_ADD_RPORT", "AUTOMATIC_DIALOG_ERROR_HANDLING",
                "AUTO_GENERATE_TIMESTAMP", "CACHE_CLIENT_CONNECTIONS", "CACHE_SERVER_CONNECTIONS",
                "CANCEL_CLIENT_TRANSACTION_CHECKED", "COMPUTE_CONTENT_LENGTH_FROM_MESSAGE_BODY", "DEBUG_LOG_OVERWRITE",
                "DELIVER_RETRANSMITTED_ACK_TO_LISTENER", "DELIVER_TERMINATED_EVENT_FOR_ACK",
                "DELIVER_TERMINATED_EVENT_FOR_NULL_DIALOG", "DELIVER_UNSOLICITED_NOTIFY", "IS_BACK_TO_BACK_USER_AGENT",
                "LOG_MESSAGE_CONTENT", "LOG_STACK_TRACE_ON_MESSAGE_SEND", "NEVER_ADD_RECEIVED_RPORT",
                "PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "PATCH_SIP_WEBSOCKETS_HEADERS", "REENTRANT_LISTENER",
                "REJECT_STRAY_RESPONSES", "RFC_2543_SUPPORT_ENABLED", "SERVER_LOG_OVERWRITE",
                "SSL_RENEGOTIATION_ENABLED", "USE_TLS_GATEWAY")) {
            KNOWN.put(NIST + n, Type.BOOLEAN);
        }
        for (String n : List.of("ADDRESS_RESOLVER", "DEBUG_LOG", "ENABLED_CIPHER_SUITES", "LOG4J_LOGGER_NAME",
                "LOG_FACTORY", "MESSAGE_PARSER_FACTORY", "MESSAGE_PROCESSOR_FACTORY", "NETWORK_LAYER",
                "NIO_BLOCKING_MODE", "RELEASE_REFERENCES_STRATEGY", "SECURITY_MANAGER_PROVIDER", "SERVER_LOG",
                "SERVER_LOGGER", "SIP_EVENT_INTERCEPTOR", "SIP_MESSAGE_VALVE", "STACK_LOGGER", "STUN_SERVER",
                "TIMER_CLASS_NAME", "TLS_CLIENT_AUTH_TYPE", "TLS_CLIENT_PROTOCOLS", "TLS_SECURITY_POLICY",
                "TRACE_LEVEL", "stack.USE_DIRECT_BUFFERS", "timers.SCHEDULED_EXECUTOR_PURGE_DELAY")) {
            KNOWN.put(NIST + n, Type.TEXT);
        }
        KNOWN.put("javax.sip.AUTOMATIC_DIALOG_SUPPORT", Type.ON_OFF);
        for (String n : List.of("EXTENSION_METHODS", "FORKABLE_EVENTS", "IP_ADDRESS", "OUTBOUND_PROXY", "ROUTER_PATH",
                "STACK_NAME", "USE_ROUTER_FOR_ALL_URIS")) {
            KNOWN.put("javax.sip." + n, Type.TEXT);
        }
        for (String n : List.of("keyStore", "keyStorePassword", "keyStoreType", "trustStore", "trustStorePassword",
                "trustStoreType")) {
            KNOWN.put("javax.net.ssl." + n, Type.TEXT);
        }
    }

    private StackProperties() {
    }

    /** Whether {@code key} is in a stack property namespace (and so must be a known name). */
    static boolean isStackKey(String key) {
        return key.startsWith("javax.sip.") || key.startsWith("gov.nist.") || key.startsWith("javax.net.ssl.");
    }

    /** Every known name, sorted. */
    static List<String> names() {
        return new ArrayList<>(KNOWN.keySet());
    }

    /**
     * Checks one stack property and returns its value, trimmed (the RI parses numbers with
     * {@code Integer.parseInt}, which refuses {@code "8 "}).
     *
     * @throws ProfileException naming the file, the key and what is wrong
     */
    static String check(ProfileReader.Setting setting) {
        String key = setting.key();
        String value = setting.value().trim();
        Type type = KNOWN.get(key);
        if (type == null) {
            throw new ProfileException(setting.source() + ": unknown JAIN-SIP stack property " + key
                    + Spelling.hint(key, KNOWN.keySet()) + "; the RI 1.3.0-91 reads only the names listed in "
                    + "docs/PROFILES.md (section JAIN-SIP stack properties)");
        }
        String where = setting.source() + ": " + key + "=" + value + " ";
        switch (type) {
            case NUMBER:
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new ProfileException(where + "is not a whole number");
                }
                break;
            case BOOLEAN:
                if (!value.equals("true") && !value.equals("false")) {
                    throw new ProfileException(where + "is not one of true, false");
                }
                break;
            case ON_OFF:
                if (!value.equals("on") && !value.equals("off")) {
                    throw new ProfileException(where + "is not one of on, off");
                }
                break;
            default:
                break;
        }
        return value;
    }
}
