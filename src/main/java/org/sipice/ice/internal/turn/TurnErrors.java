package org.sipice.ice.internal.turn;

import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.ice4j.message.Response;

/** Human-readable reasons for failed TURN transactions, as events and logs show them. */
final class TurnErrors {
    private TurnErrors() {
    }

    /**
     * Why {@code request} failed: the error response's code and reason phrase with what it means
     * for the user, or a timeout when {@code response} is null.
     */
    static String describe(Request request, Response response, String username) {
        String what = request == null ? "request" : name(request.getMessageType());
        if (response == null) {
            return "no " + what + " response (server silent, unreachable or refusing)";
        }
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        if (error == null) {
            return what + " failed without an ERROR-CODE";
        }
        int code = error.getErrorCode();
        String phrase = error.getReasonPhrase();
        if (phrase == null || phrase.isBlank()) {
            phrase = ErrorCodeAttribute.getDefaultReasonPhrase(error.getErrorCode());
        }
        return code + " " + phrase.trim() + meaning(code, username) + " (" + what + ")";
    }

    /** Whether {@code response} carries {@code code}. */
    static boolean is(Response response, int code) {
        if (response == null) {
            return false;
        }
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        return error != null && error.getErrorCode() == code;
    }

    private static String meaning(int code, String username) {
        switch (code) {
            case 401:
                // RFC 8489 §9.2.5: a 401 to a request that carried our credentials means the
                // server does not accept them (ice4j already answered the first challenge).
                return ": wrong TURN credentials for user '" + username + "'";
            case 403:
                return ": the server forbids this allocation";
            case 437:
                return ": the server has no such allocation (it expired or was deleted)";
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

    private static String name(char messageType) {
        switch (messageType) {
            case Message.ALLOCATE_REQUEST:
                return "Allocate";
            case Message.REFRESH_REQUEST:
                return "Refresh";
            case Message.CREATEPERMISSION_REQUEST:
                return "CreatePermission";
            case Message.CHANNELBIND_REQUEST:
                return "ChannelBind";
            case Message.BINDING_REQUEST:
                return "Binding";
            default:
                return "STUN request 0x" + Integer.toHexString(messageType);
        }
    }
}
