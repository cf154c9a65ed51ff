package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.AlternateServerAttribute;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.Response;

/**
 * Human-readable reasons for failed TURN transactions, the same texts the events of sipice's
 * earlier engine carried ({@code IceEvent.ServerFailed}, {@code IceEvent.TurnRefreshFailed}).
 */
final class TurnErrors {
    private TurnErrors() {
    }

    /** The error code of {@code response} (RFC 8489 §14.8), or 0 when it carries none. */
    static int code(Response response) {
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        return error == null ? 0 : error.getErrorCode();
    }

    /** A failure for a request that got no answer in time. */
    static TurnError timeout(char requestType) {
        return new TurnError(TurnException.NO_RESPONSE,
                "no " + name(requestType) + " response (server silent, unreachable or refusing)");
    }

    /** A failure for an error response to a request of type {@code requestType}. */
    static TurnError of(char requestType, Response response, String username) {
        String what = name(requestType);
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        if (error == null) {
            return new TurnError(500, what + " failed without an ERROR-CODE");
        }
        int code = error.getErrorCode();
        String phrase = error.getReasonPhrase();
        if (phrase == null || phrase.isBlank()) {
            phrase = defaultPhrase(code);
        }
        return new TurnError(code, code + " " + sanitize(phrase) + meaning(code, username) + " (" + what + ")",
                code == 300 ? alternate(response) : null);
    }

    /** RFC 8489 §14.15: the ALTERNATE-SERVER of a 300 Try Alternate, null when absent or unreadable. */
    private static InetSocketAddress alternate(Response response) {
        AlternateServerAttribute a = (AlternateServerAttribute) response.getAttribute(Attribute.ALTERNATE_SERVER);
        TransportAddress address = a == null ? null : a.getAddress();
        return address == null || address.getAddress() == null ? null
                : new InetSocketAddress(address.getAddress(), address.getPort());
    }

    /** A failure that is not a STUN error: a success response that lacks what it must carry. */
    static TurnError malformed(char requestType, String what) {
        return new TurnError(500, name(requestType) + " success response " + what);
    }

    /** RFC 8489 §14.8 and RFC 8656 §19: the recommended phrases, for a server that sends none. */
    private static String defaultPhrase(int code) {
        switch (code) {
            case 300: return "Try Alternate";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 420: return "Unknown Attribute";
            case 437: return "Allocation Mismatch";
            case 438: return "Stale Nonce";
            case 440: return "Address Family not Supported";
            case 441: return "Wrong Credentials";
            case 442: return "Unsupported Transport Protocol";
            case 443: return "Peer Address Family Mismatch";
            case 486: return "Allocation Quota Reached";
            case 500: return "Server Error";
            case 508: return "Insufficient Capacity";
            default: return "Error";
        }
    }

    private static String meaning(int code, String username) {
        switch (code) {
            case 401:
                // RFC 8489 §9.2.5: a 401 to a request that carried our credentials means the
                // server does not accept them (the first challenge was already answered).
                return ": wrong TURN credentials for user '" + username + "'";
            case 300:
                return ": the server redirects to another";
            case 403:
                return ": the server forbids this allocation";
            case 437:
                return ": the server has no such allocation (it expired or was deleted)";
            case 438:
                return ": the server refused a fresh nonce too";
            case 441:
                return ": the credentials do not match the allocation";
            case 486:
                return ": allocation quota reached for this user";
            case 508:
                return ": the server has no relay port left";
            default:
                return "";
        }
    }

    /** The server's reason phrase goes into events and logs: printable characters, bounded. */
    private static String sanitize(String phrase) {
        String s = phrase.trim().replaceAll("[\\p{Cntrl}]", "?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    static String name(char messageType) {
        switch (messageType) {
            case Message.ALLOCATE_REQUEST:
                return "Allocate";
            case Message.REFRESH_REQUEST:
                return "Refresh";
            case Message.CREATEPERMISSION_REQUEST:
                return "CreatePermission";
            case Message.CHANNELBIND_REQUEST:
                return "ChannelBind";
            default:
                return "STUN request 0x" + Integer.toHexString(messageType);
        }
    }
}
