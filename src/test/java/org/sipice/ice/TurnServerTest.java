package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TURN server strings as profiles and the CLI give them (RFC 7065 §3.1 transport parameter). */
class TurnServerTest {

    @Test
    void aServerWithoutTransportIsReachedOverUdpAsBefore() {
        TurnServer s = TurnServer.parse("turn:127.0.0.1:3478", "u", "p");
        assertEquals(TurnServer.Transport.UDP, s.transport());
        assertEquals(new InetSocketAddress("127.0.0.1", 3478), s.address());
        assertEquals("turn:127.0.0.1:3478 (user u)", s.toString());
        assertEquals(s, new TurnServer(new InetSocketAddress("127.0.0.1", 3478), "u", "p"));
    }

    @Test
    void transportTcpInTheUriOrAfterHostPortMeansTcp() {
        TurnServer uri = TurnServer.parse("turn:127.0.0.1:3479?transport=tcp", "u", "p");
        TurnServer bare = TurnServer.parse("127.0.0.1?transport=TCP", "u", "p");
        assertEquals(TurnServer.Transport.TCP, uri.transport());
        assertEquals(TurnServer.tcp(new InetSocketAddress("127.0.0.1", 3479), "u", "p"), uri);
        assertEquals(3478, bare.address().getPort(), "RFC 8656 §3: 3478 by default over TCP too");
        assertEquals("turn:127.0.0.1:3479?transport=tcp (user u)", uri.toString());
        assertEquals(TurnServer.Transport.UDP, TurnServer.parse("turn:127.0.0.1?transport=udp", "u", "p").transport());
    }

    @Test
    void anotherTransportIsRefusedRatherThanTakenForUdp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TurnServer.parse("turn:127.0.0.1:5349?transport=tls", "u", "p"));
        assertEquals("TURN server turn:127.0.0.1:5349?transport=tls: only ?transport=udp or ?transport=tcp is supported",
                e.getMessage());
    }

    @Test
    void turnsMeansTlsOverTcpOnPort5349ByDefaultCheckedAgainstTheNameGiven() {
        TurnServer byAddress = TurnServer.parse("turns:127.0.0.1", "u", "p");
        TurnServer withTransport = TurnServer.parse("turns:127.0.0.1:443?transport=tcp", "u", "p");
        TurnServer byName = TurnServer.parse("turns:localhost:5350", "u", "p");
        TurnServer v6 = TurnServer.parse("turns:[::1]", "u", "p");

        assertEquals(TurnServer.Transport.TLS, byAddress.transport());
        assertEquals(new InetSocketAddress("127.0.0.1", 5349), byAddress.address(), "RFC 7065 §3.1 default port");
        assertEquals("turns:127.0.0.1:5349 (user u)", byAddress.toString());
        assertEquals(TurnServer.tls(new InetSocketAddress("127.0.0.1", 443), "u", "p"), withTransport);
        assertEquals("localhost", byName.address().getHostString(), "the name the certificate must carry");
        assertEquals("turns:localhost:5350", byName.uri());
        assertEquals(5349, v6.address().getPort());
        assertEquals("tcp", TurnServer.Transport.TLS.uriName());
        assertEquals(null, byAddress.caFile(), "the system trust store by default");
        assertEquals(java.nio.file.Path.of("/etc/ca.pem"), byAddress.withCaFile(java.nio.file.Path.of("/etc/ca.pem")).caFile());
    }

    @Test
    void turnsOverUdpWouldBeDtlsAndIsRefusedSayingSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TurnServer.parse("turns:127.0.0.1:5349?transport=udp", "u", "p"));
        assertEquals("TURN server turns:127.0.0.1:5349?transport=udp: turns: over UDP would be DTLS (RFC 7350), "
                + "which is not supported; use turns:HOST:PORT (TLS over TCP)", e.getMessage());
    }

    @Test
    void aSharedSecretGivesCoturnsTimeLimitedUserNameAndItsHmacSha1AsPassword() {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 3478);

        TurnServer s = TurnServer.withSharedSecret(server, "alice", "secret", Instant.ofEpochSecond(1_700_000_000L),
                TurnServer.Transport.TCP);

        assertEquals("1700000000:alice", s.username());
        // python3: base64.b64encode(hmac.new(b'secret', b'1700000000:alice', hashlib.sha1).digest())
        assertEquals("d8soP47RbdIKLDUOpnJPVQyq5Ts=", s.password());
        assertEquals(TurnServer.Transport.TCP, s.transport());
        assertEquals("turn:127.0.0.1:3478?transport=tcp (user 1700000000:alice)", s.toString());
    }

    @Test
    void sharedSecretCredentialsWithAValidityAreComputedAfreshForEachAllocation() {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 3478);
        TurnServer configured = TurnServer.withSharedSecret(server, "alice", "secret", Duration.ofSeconds(100),
                TurnServer.Transport.UDP);

        TurnServer at = configured.credentialsAt(Instant.ofEpochSecond(1_699_999_900L));

        assertEquals("1700000000:alice", at.username(), "expiring validity after the allocation is asked for");
        assertEquals("d8soP47RbdIKLDUOpnJPVQyq5Ts=", at.password());
        assertEquals("1700000100:alice", at.credentialsAt(Instant.ofEpochSecond(1_700_000_000L)).username());
        assertFalse(configured.sharedSecret().toString().contains("secret]"), "the secret is never printed");
    }

    @Test
    void fixedCredentialsAreNotRenewed() {
        TurnServer fixed = TurnServer.withSharedSecret(new InetSocketAddress("127.0.0.1", 3478), "alice", "secret",
                Instant.ofEpochSecond(1_700_000_000L), TurnServer.Transport.UDP);

        assertSame(fixed, fixed.credentialsAt(Instant.ofEpochSecond(1_800_000_000L)));
    }

    @Test
    void anAlternateServerKeepsTransportAndCredentials() {
        TurnServer s = TurnServer.parse("turn:127.0.0.1:3478?transport=tcp", "u", "p");

        assertEquals(TurnServer.parse("turn:127.0.0.2:3479?transport=tcp", "u", "p"),
                s.at(new InetSocketAddress("127.0.0.2", 3479)));
    }
}
