package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.IceControlAttribute;
import org.ice4j.attribute.OptionalAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.IceRole;
import org.sipice.sdp.IceCandidate;

/** Connectivity checks and their responses as STUN messages (RFC 8445 §7.1, §7.3.1). */
final class Checks {
    /** RFC 8445 §5.1.2.2: the type preference of a peer-reflexive candidate. */
    static final int PEER_REFLEXIVE_TYPE_PREFERENCE = 110;
    /** RFC 8445 §7.3.1.1: Role Conflict. */
    static final int ROLE_CONFLICT = 487;
    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    /** RFC 8489 §14.8: Unknown Attribute. */
    static final int UNKNOWN_ATTRIBUTE = 420;

    private Checks() {
    }

    /**
     * A Binding request for a check (RFC 8445 §7.1.1, §7.2.2): USERNAME {@code remote:local},
     * PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED with our tie-breaker, USE-CANDIDATE when it
     * nominates. MESSAGE-INTEGRITY and FINGERPRINT are added when it is encoded.
     */
    static Request request(String username, long priority, IceRole role, long tieBreaker, boolean useCandidate) {
        Request request = MessageFactory.createBindingRequest();
        request.putAttribute(AttributeFactory.createUsernameAttribute(username));
        request.putAttribute(AttributeFactory.createPriorityAttribute(priority));
        request.putAttribute(role == IceRole.CONTROLLING
                ? AttributeFactory.createIceControllingAttribute(tieBreaker)
                : AttributeFactory.createIceControlledAttribute(tieBreaker));
        if (useCandidate) {
            request.putAttribute(AttributeFactory.createUseCandidateAttribute());
        }
        return request;
    }

    /**
     * RFC 8445 §7.1.1: the PRIORITY of a check is the priority the local candidate would have as a
     * peer-reflexive one: type preference 110, its own local preference and component.
     */
    static long peerReflexivePriority(IceCandidate local) {
        long localPreference = (local.priority() >> 8) & 0xFFFF;
        return ((long) PEER_REFLEXIVE_TYPE_PREFERENCE << 24) | (localPreference << 8) | (256 - local.componentId());
    }

    /** RFC 8445 §7.3.1.2: a success response whose XOR-MAPPED-ADDRESS is the request's source. */
    static Response success(Message request, InetSocketAddress source) {
        Response response = MessageFactory.createBindingResponse((Request) request,
                new TransportAddress(source, Transport.UDP));
        return withId(response, request);
    }

    /** An error response (RFC 8489 §6.3.4) with the request's transaction id. */
    static Response error(Message request, int code, String reason) {
        return withId(MessageFactory.createBindingErrorResponse((char) code, reason), request);
    }

    private static Response withId(Response response, Message request) {
        try {
            response.setTransactionID(request.getTransactionID());
        } catch (StunException e) {
            throw new IllegalArgumentException("transaction id refused: " + e.getMessage(), e);
        }
        return response;
    }

    /**
     * RFC 8489 §14, §18.3: the comprehension-required attributes (types 0x0000-0x7FFF) of a
     * request that the codec does not know (it keeps them as {@link OptionalAttribute}s).
     */
    static char[] unknownComprehensionRequired(Message request) {
        StringBuilder types = new StringBuilder();
        for (Attribute a : request.getAttributes()) {
            if (a instanceof OptionalAttribute && a.getAttributeType() < 0x8000) {
                types.append(a.getAttributeType());
            }
        }
        return types.toString().toCharArray();
    }

    /** RFC 8489 §6.3.1: 420 (Unknown Attribute) listing {@code types} in UNKNOWN-ATTRIBUTES. */
    static Response unknownAttributes(Message request, char[] types) {
        return withId(MessageFactory.createBindingErrorResponse((char) UNKNOWN_ATTRIBUTE, "Unknown Attribute",
                types), request);
    }

    /** The USERNAME as UTF-8 text, or null when absent. */
    static String username(Message message) {
        Attribute a = message.getAttribute(Attribute.USERNAME);
        return a instanceof UsernameAttribute u && u.getUsername() != null
                ? new String(u.getUsername(), StandardCharsets.UTF_8) : null;
    }

    /** The PRIORITY, or -1 when absent (the decoder takes any 32-bit value, 0 and 2^32-1 included). */
    static long priority(Message message) {
        Attribute a = message.getAttribute(Attribute.PRIORITY);
        return a instanceof PriorityAttribute p ? p.getPriority() : -1;
    }

    /** The role the sender claims (RFC 8445 §7.1.3), or null when it carries neither attribute. */
    static IceRole claimedRole(Message message) {
        if (message.getAttribute(Attribute.ICE_CONTROLLING) instanceof IceControlAttribute) {
            return IceRole.CONTROLLING;
        }
        if (message.getAttribute(Attribute.ICE_CONTROLLED) instanceof IceControlAttribute) {
            return IceRole.CONTROLLED;
        }
        return null;
    }

    /** The sender's tie-breaker (RFC 8445 §7.1.3); meaningful when {@link #claimedRole} is not null. */
    static long tieBreaker(Message message) {
        Attribute a = message.getAttribute(Attribute.ICE_CONTROLLING);
        if (!(a instanceof IceControlAttribute)) {
            a = message.getAttribute(Attribute.ICE_CONTROLLED);
        }
        return a instanceof IceControlAttribute c ? c.getTieBreaker() : 0;
    }

    static boolean useCandidate(Message message) {
        return message.containsAttribute(Attribute.USE_CANDIDATE);
    }

    /** The XOR-MAPPED-ADDRESS of a success response, or null when absent. */
    static InetSocketAddress mappedAddress(Response response) {
        Attribute a = response.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        if (!(a instanceof XorMappedAddressAttribute x)) {
            return null;
        }
        TransportAddress address = x.getAddress(response.getTransactionID());
        return address == null ? null : new InetSocketAddress(address.getAddress(), address.getPort());
    }

    /** The ERROR-CODE number of an error response (e.g. 487), or 0 when absent. */
    static int errorCode(Response response) {
        Attribute a = response.getAttribute(Attribute.ERROR_CODE);
        return a instanceof ErrorCodeAttribute e ? e.getErrorCode() : 0;
    }
}
