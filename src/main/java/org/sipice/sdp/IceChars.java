package org.sipice.sdp;

/** The character classes of the RFC 8839 grammar and of the RFC 3261 token it borrows. */
final class IceChars {

    private IceChars() {
    }

    /** RFC 8839 §5.1: {@code ice-char = ALPHA / DIGIT / "+" / "/"}. */
    static boolean isIceChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    /**
     * Why {@code value} is not {@code min*max ice-char}, or {@code null} if it is.
     *
     * @param what the attribute or field name, for the message
     * @param rule the RFC section to cite
     */
    static String problem(String what, String value, int min, int max, String rule) {
        return problem(what, value, min, max, rule, false);
    }

    /**
     * The same for a secret (an ice-pwd): the reason gives the length and the position of a bad
     * character, never the value nor the character.
     */
    static String secretProblem(String what, String value, int min, int max, String rule) {
        return problem(what, value, min, max, rule, true);
    }

    private static String problem(String what, String value, int min, int max, String rule, boolean secret) {
        String shown = secret ? "" : " " + IceSdpException.quote(value);
        if (value.length() < min || value.length() > max) {
            return what + shown + " has " + value.length() + " characters, must have " + min + ".." + max
                    + " (" + rule + ")";
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isIceChar(value.charAt(i))) {
                String which = secret ? " contains a character that is not an ice-char, at position " + (i + 1)
                        : " contains " + IceSdpException.quote(String.valueOf(value.charAt(i))) + ", not an ice-char";
                return what + shown + which
                        + " (ALPHA / DIGIT / \"+\" / \"/\", " + rule + ")";
            }
        }
        return null;
    }

    /** RFC 3261 §25.1 token, which RFC 8839 uses for transports and extension names. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && "-.!%*_+`'~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1*maxDigits DIGIT}. */
    static boolean isDigits(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 5234 VCHAR (visible US-ASCII), which extension values are made of. */
    static boolean isVisible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
