package org.sipice.ice;

/** Completes {@link IceSession#completion()} when ICE fails or is closed. */
public final class IceFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IceFailedException(String reason) {
        super(reason);
    }
}
