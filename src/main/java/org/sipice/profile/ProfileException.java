package org.sipice.profile;

/**
 * A sip-profile cannot be found, read or understood. The message names the file, the key and,
 * where there is a fixed set, the valid choices, e.g.
 * {@code loopback-demo.properties: sipice.early-answer=FOO is not one of TRYING_100, RELIABLE_183, AUTO}.
 */
public final class ProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the file and key. */
    public ProfileException(String message) {
        super(message);
    }

    /** Creates an exception with a message that names the file, and the failure beneath it. */
    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
