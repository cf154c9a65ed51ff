package org.sipice.ice.internal.engine.turn;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import org.sipice.ice.TurnServer;

/**
 * The ALTERNATE-SERVER mechanism (RFC 8489 §10) for the allocations asked of one configured TURN
 * server: a server may answer an Allocate with 300 Try Alternate (RFC 8656 §7.2), and the client
 * then retries it with the server the ALTERNATE-SERVER attribute names (RFC 8656 §7.4), which is
 * how coturn clusters spread their load. sipice follows one redirect:
 * <ul>
 * <li>to the same transport and with the same credentials (RFC 8489 §10), so the alternate is
 *     the {@link TurnServer} that redirected, at another address ({@link TurnServer#at});</li>
 * <li>only to an address of the family the request was sent from (RFC 8489 §14.15: "The IP
 *     address family MUST be identical to that of the source IP address of the request");</li>
 * <li>never back to an address already tried, nor a second time (RFC 8489 §10: a client
 *     redirected to a server it already tried ignores the redirect and the transaction fails,
 *     "to prevent infinite ping-ponging"): both are a {@link #LOOP redirect loop}.</li>
 * </ul>
 * Used on the session's thread only, by whoever owns the clients (one per allocation).
 */
public final class TurnRedirect {
    /** How the reason of a redirect not followed because it would loop begins. */
    public static final String LOOP = "TURN redirect loop";

    private static final int TRY_ALTERNATE = 300;

    private final Set<InetSocketAddress> tried = new LinkedHashSet<>();

    public TurnRedirect(TurnServer configured) {
        tried.add(configured.address());
    }

    /** True when {@code error} is a 300 Try Alternate, which {@link #follow} decides on. */
    public static boolean isRedirect(Throwable error) {
        return error instanceof TurnException t && t.code() == TRY_ALTERNATE;
    }

    /**
     * The server to retry the Allocate with after {@code redirect}, a 300 from {@code current}:
     * {@code current} (its transport and credentials) at the alternate address.
     *
     * @throws TurnException (code 300) naming why the redirect is not followed: no
     *                       ALTERNATE-SERVER, another address family, or a {@link #LOOP}
     */
    public TurnServer follow(TurnServer current, TurnException redirect) throws TurnException {
        InetSocketAddress alternate = redirect.alternate();
        if (alternate == null) {
            throw refused(current, "300 Try Alternate without an ALTERNATE-SERVER (Allocate)");
        }
        String to = text(alternate);
        boolean v4 = current.address().getAddress() instanceof Inet4Address;
        if ((alternate.getAddress() instanceof Inet4Address) != v4) {
            throw refused(current, "300 Try Alternate to " + to + ", another address family than the request's"
                    + " (RFC 8489 §14.15; Allocate)");
        }
        if (tried.contains(alternate)) {
            throw refused(current, LOOP + ": 300 Try Alternate back to " + to + ", already tried (Allocate)");
        }
        if (tried.size() > 1) {
            throw refused(current, LOOP + ": redirected again, to " + to + ", after "
                    + String.join(" then ", tried.stream().map(TurnRedirect::text).toList())
                    + "; one redirect is followed (Allocate)");
        }
        tried.add(alternate);
        return current.at(alternate);
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static TurnException refused(TurnServer current, String reason) {
        return new TurnException(current.toString(), TRY_ALTERNATE, reason);
    }
}
