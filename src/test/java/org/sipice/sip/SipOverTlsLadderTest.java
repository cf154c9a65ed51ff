package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.internal.tls.CertificateAuthority;
import org.sipice.internal.tls.TlsIdentity;
import org.sipice.testing.Eventually;
import org.sipice.testing.Resources;
import org.sipice.testing.TransportAgents;

/**
 * SIP over TLS between two sipice user agents on loopback, Bob's certificate issued by the test's
 * own CA, which Alice trusts (a CA file). A valid chain makes the call of BasicCallLadderTest,
 * every message over one TLS connection:
 *
 * <pre>
 *   Alice                                         Bob (sips:bob@127.0.0.1:port)
 *     TCP + TLS handshake: Bob's chain to the CA, naming 127.0.0.1 -->
 *     INVITE sips: (offer)                    -->
 *                       ... the ladder of BasicCallLadderTest ...
 *     BYE                                     -->
 *                                             <-- 200 OK (BYE)
 * </pre>
 *
 * A certificate that names another host, has expired, or comes from a CA Alice does not know
 * ends her call before any INVITE left, with the reason named; Bob never sees a call.
 */
class SipOverTlsLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String PASSWORD = "bob's key store";
    private static final List<String> LOOPBACK = List.of("127.0.0.1");

    @TempDir
    static Path dir;
    private static CertificateAuthority ca;
    private static Path caFile;

    @RegisterExtension
    final TransportAgents agents = new TransportAgents();

    @BeforeAll
    static void makeTheTestsCa() throws Exception {
        ca = CertificateAuthority.create("sipice test CA", Duration.ofDays(1));
        caFile = dir.resolve("ca.pem");
        ca.writeCertificatePem(caFile);
    }

    @Test
    void aValidChainCarriesTheWholeCallWithIceAndMedia() throws Exception {
        int tcpBefore = Resources.tcpSockets();
        agents.start(SipTransport.TLS, SipTls.defaults().withCaFile(caFile),
                bobPresents(ca.issue(LOOPBACK, Duration.ofDays(1)), "valid"));
        String bobUri = agents.bobSip().uri("bob");
        assertTrue(bobUri.startsWith("sips:bob@127.0.0.1:"), bobUri);

        TransportAgents.Ends call = agents.callTalkAndHangUp(bobUri);
        Call bobCall = call.bob();
        assertEquals("BYE received", await(bobCall.ended()).reason());

        assertEquals(List.of(
                "-> INVITE +SDP",
                "<- 100 Trying (INVITE) +SDP",
                "<- 183 Session Progress (INVITE) [100rel] +SDP",
                "-> PRACK",
                "<- 200 OK (PRACK)",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE) +SDP",
                "-> ACK",
                "-> BYE",
                "<- 200 OK (BYE)"), agents.aliceEvents().ladder());
        // RFC 5630 §3.1.3: a SIPS Request-URI, a SIPS Contact, TLS in the Via.
        javax.sip.message.Request invite = bobCall.incomingInvite().orElseThrow();
        assertEquals("sips", invite.getRequestURI().getScheme());
        assertEquals("sips", ((javax.sip.header.ContactHeader) invite.getHeader(javax.sip.header.ContactHeader.NAME))
                .getAddress().getURI().getScheme());
        assertEquals("TLS", ((javax.sip.header.ViaHeader) invite.getHeader(javax.sip.header.ViaHeader.NAME))
                .getTransport());
        agents.stop();
        assertNothingLeft(tcpBefore);
    }

    @Test
    void aHostNameIsCheckedAgainstTheCertificatesDnsNames() throws Exception {
        agents.start(SipTransport.TLS, SipTls.defaults().withCaFile(caFile),
                bobPresents(ca.issue(List.of("localhost"), Duration.ofDays(1)), "dns"));
        Call call = agents.alice().call("sips:bob@localhost:" + agents.bobSip().port());
        await(call.established());
        call.hangup();
        await(call.ended());
    }

    @Test
    void bobsByeComesBackOverTheConnectionAliceOpened() throws Exception {
        agents.start(SipTransport.TLS, SipTls.defaults().withCaFile(caFile),
                bobPresents(ca.issue(LOOPBACK, Duration.ofDays(1)), "reuse"));
        Call call = agents.alice().call(agents.bobSip().uri("bob"));
        await(call.established());
        Call bobCall = agents.bobEvents().awaitIncoming(DEADLINE);
        await(bobCall.established());

        // Bob (the TLS server) hangs up: his BYE goes to Alice's sips: Contact. Alice's
        // certificate is self-signed, which Bob would refuse on a new connection of his own.
        bobCall.hangup();
        assertEquals("BYE received", await(call.ended()).reason());
        await(bobCall.ended());
    }

    @Test
    void aSelfSignedPeerIsAcceptedByItsPinnedFingerprint() throws Exception {
        agents.startBob(SipTransport.TLS, SipTls.defaults()); // no key store: a certificate of his own
        assertTrue(agents.bobSip().tlsSelfSigned());
        String bobsFingerprint = agents.bobSip().tlsFingerprint().orElseThrow();
        agents.startAlice(SipTransport.TLS, SipTls.defaults().withTrustedFingerprints(List.of("SHA256:"
                + bobsFingerprint.toLowerCase(java.util.Locale.ROOT))));

        Call call = agents.alice().call(agents.bobSip().uri("bob"));
        await(call.established());
        await(call.iceReady());
        call.hangup();
        await(call.ended());
    }

    @Test
    void aSelfSignedPeerWithAnotherFingerprintIsRefused() throws Exception {
        agents.startBob(SipTransport.TLS, SipTls.defaults());
        String someoneElse = TlsIdentity.selfSigned(LOOPBACK, Duration.ofDays(1)).sha256Fingerprint();
        agents.startAlice(SipTransport.TLS, SipTls.defaults().withTrustedFingerprints(List.of(someoneElse)));

        CallEvent.Ended ended = await(agents.alice().call(agents.bobSip().uri("bob")).ended());
        assertTrue(ended.reason().startsWith("tls_fingerprint_mismatch: "), ended.reason());
        assertTrue(ended.reason().contains(agents.bobSip().tlsFingerprint().orElseThrow()), ended.reason());
    }

    @Test
    void aSelfSignedPeerIsRefusedByTheSystemTrustStore() throws Exception {
        agents.start(SipTransport.TLS, SipTls.defaults(), SipTls.defaults());
        CallEvent.Ended ended = await(agents.alice().call(agents.bobSip().uri("bob")).ended());
        assertTrue(ended.reason().startsWith("tls_unknown_ca: "), ended.reason());
    }

    @Test
    void aCertificateForAnotherHostIsRefusedAsTheWrongName() throws Exception {
        callFailsWith("tls_wrong_name", ca.issue(List.of("pbx.example.com"), Duration.ofDays(1)));
    }

    @Test
    void anExpiredCertificateIsRefusedAsExpired() throws Exception {
        Instant now = Instant.now();
        callFailsWith("tls_expired", ca.issue(LOOPBACK, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))));
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedAsAnUnknownCa() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create("a CA Alice never met", Duration.ofDays(1));
        callFailsWith("tls_unknown_ca", stranger.issue(LOOPBACK, Duration.ofDays(1)));
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsTheCallInsteadOfHangingIt() throws Exception {
        // A TCP listener that accepts and then says nothing: no ServerHello ever comes.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            agents.startAlice(SipTransport.TLS, SipTls.defaults().withCaFile(caFile));
            long start = System.nanoTime();
            Call call = agents.alice().call("sips:bob@127.0.0.1:" + silent.getLocalPort());
            CallEvent.Ended ended = await(call.ended(), Duration.ofSeconds(30));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ended.failure() && ended.reason().startsWith("cannot send INVITE"), ended.reason());
            assertTrue(tookMs < 20_000, "the RI's handshake watchdog (10 s) ended it, took " + tookMs + " ms");
        }
    }

    /**
     * Alice calls Bob, who presents {@code bobsCertificate}: her call ends at once with the named
     * reason, Bob never sees an INVITE, and once both stop no connection or connection thread is left.
     */
    private void callFailsWith(String reason, TlsIdentity bobsCertificate) throws Exception {
        int tcpBefore = Resources.tcpSockets();
        agents.start(SipTransport.TLS, SipTls.defaults().withCaFile(caFile), bobPresents(bobsCertificate, reason));

        Call call = agents.alice().call(agents.bobSip().uri("bob"));
        CallEvent.Ended ended = await(call.ended());

        assertTrue(ended.failure(), ended.toString());
        assertTrue(ended.reason().startsWith(reason + ": "), ended.reason());
        assertEquals(List.of(), agents.aliceEvents().ladder(), "no INVITE went out");
        assertEquals(List.of(), agents.bobEvents().ladder(), "Bob saw no call");
        agents.stop();
        assertNothingLeft(tcpBefore);
    }

    /** Once both stacks stopped: their connections are closed and the RI's connection threads gone. */
    private static void assertNothingLeft(int tcpBefore) throws Exception {
        Eventually.atMost(Resources::tcpSockets, tcpBefore, DEADLINE, () -> "TCP sockets after both stopped");
        Eventually.atMost(() -> (int) Resources.threadNames().stream().filter(n -> n.contains("MessageChannelThread")
                || n.contains("MessageProcessorThread-TLS")).count(), 0, DEADLINE, () -> "TLS threads: "
                + Resources.threadNames());
    }

    private static SipTls bobPresents(TlsIdentity identity, String name) throws Exception {
        Path keyStore = dir.resolve("bob-" + name + ".p12");
        identity.writeKeyStore(keyStore, PASSWORD.toCharArray());
        return SipTls.defaults().withKeyStore(keyStore, PASSWORD);
    }
}
