package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.sipice.ice.TurnServer;

/** Which 300 Try Alternate redirects are followed (RFC 8489 §10, §14.15; RFC 8656 §7.4). */
class TurnRedirectTest {
    private static final InetSocketAddress A = at("192.0.2.1", 3478);
    private static final InetSocketAddress B = at("192.0.2.2", 3478);
    private static final InetSocketAddress C = at("192.0.2.3", 3478);
    private static final TurnServer CONFIGURED = TurnServer.tcp(A, "alice", "secret");

    @Test
    void theFirstRedirectIsFollowedWithTheSameTransportAndCredentials() throws Exception {
        TurnServer alternate = new TurnRedirect(CONFIGURED).follow(CONFIGURED, redirectTo(B));

        assertEquals(TurnServer.tcp(B, "alice", "secret"), alternate);
    }

    @Test
    void aRedirectToAnotherAddressFamilyIsRefused() {
        TurnException e = assertThrows(TurnException.class,
                () -> new TurnRedirect(CONFIGURED).follow(CONFIGURED, redirectTo(at("2001:db8::1", 3478))));

        assertEquals(300, e.code());
        assertEquals("300 Try Alternate to 2001:db8:0:0:0:0:0:1:3478, another address family than the request's"
                + " (RFC 8489 §14.15; Allocate)", e.reason());
    }

    @Test
    void aRedirectBackToTheConfiguredServerIsALoop() {
        TurnException e = assertThrows(TurnException.class,
                () -> new TurnRedirect(CONFIGURED).follow(CONFIGURED, redirectTo(A)));

        assertEquals("TURN redirect loop: 300 Try Alternate back to 192.0.2.1:3478, already tried (Allocate)",
                e.reason());
        assertEquals(CONFIGURED.toString(), e.server());
    }

    @Test
    void aSecondRedirectIsALoopEvenToANewAddress() throws Exception {
        TurnRedirect redirect = new TurnRedirect(CONFIGURED);
        TurnServer alternate = redirect.follow(CONFIGURED, redirectTo(B));

        TurnException e = assertThrows(TurnException.class, () -> redirect.follow(alternate, redirectTo(C)));

        assertEquals("TURN redirect loop: redirected again, to 192.0.2.3:3478, after 192.0.2.1:3478 then"
                + " 192.0.2.2:3478; one redirect is followed (Allocate)", e.reason());
        assertEquals(alternate.toString(), e.server(), "named as the server that redirected");
    }

    @Test
    void aTryAlternateWithoutAlternateServerIsRefused() {
        TurnException e = assertThrows(TurnException.class,
                () -> new TurnRedirect(CONFIGURED).follow(CONFIGURED, redirectTo(null)));

        assertEquals("300 Try Alternate without an ALTERNATE-SERVER (Allocate)", e.reason());
    }

    @Test
    void onlyA300IsARedirect() {
        assertTrue(TurnRedirect.isRedirect(redirectTo(B)));
        assertFalse(TurnRedirect.isRedirect(new TurnException("s", 401, "401 Unauthorized")));
        assertFalse(TurnRedirect.isRedirect(new IllegalStateException()));
    }

    private static TurnException redirectTo(InetSocketAddress alternate) {
        return new TurnException(CONFIGURED.toString(), 300, "300 Try Alternate (Allocate)", alternate);
    }

    private static InetSocketAddress at(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
