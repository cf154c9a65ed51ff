package org.sipice.sdp;

import java.util.Objects;

/**
 * The ICE username fragment and password of a data stream ({@code a=ice-ufrag}, {@code a=ice-pwd}).
 *
 * <p>RFC 8839 §5.4: {@code ufrag = 4*256ice-char}, {@code password = 22*256ice-char}, where
 * {@code ice-char = ALPHA / DIGIT / "+" / "/"}. Both are checked here, so an instance is always
 * valid. (An agent MUST NOT send a ufrag longer than 32 characters, but MUST accept up to 256: this
 * type accepts 256, and whoever generates credentials keeps to 32.)
 *
 * @param ufrag the username fragment
 * @param pwd   the password
 */
public record IceCredentials(String ufrag, String pwd) {

    /** RFC 8839 §5.4: at least 24 bits of randomness, 6 bits per ice-char. */
    public static final int UFRAG_MIN = 4;
    /** RFC 8839 §5.4: at least 128 bits of randomness, 6 bits per ice-char. */
    public static final int PWD_MIN = 22;
    /** RFC 8839 §5.4: upper bound for both, so implementations can size buffers. */
    public static final int MAX = 256;

    /** Checks both values against RFC 8839 §5.4. */
    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        String problem = ufragProblem(ufrag);
        if (problem == null) {
            problem = pwdProblem(pwd);
        }
        if (problem != null) {
            throw new IceSdpException(problem);
        }
    }

    /** Why {@code ufrag} is not a valid ice-ufrag (RFC 8839 §5.4), or {@code null} if it is. */
    static String ufragProblem(String ufrag) {
        return IceChars.problem("ice-ufrag", ufrag, UFRAG_MIN, MAX, "RFC 8839 §5.4");
    }

    /** Why {@code pwd} is not a valid ice-pwd (RFC 8839 §5.4), or {@code null} if it is; never quotes it. */
    static String pwdProblem(String pwd) {
        return IceChars.secretProblem("ice-pwd", pwd, PWD_MIN, MAX, "RFC 8839 §5.4");
    }

    /** Hides the password, which must never end up in a log. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=(" + pwd.length() + " chars)]";
    }
}
