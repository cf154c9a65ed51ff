package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sipice.ice.IceEvent;
import org.sipice.ice.TurnServer;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.TransportAddr;

/**
 * The TURN client against a scripted server on fake time (10 ms one way): the credential
 * challenge, the refresh schedule over half an hour, stale nonces, errors, silence, deletion, and
 * data relayed both ways.
 */
class TurnClientTest {
    static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.9", 3478);
    static final InetSocketAddress RELAY = new InetSocketAddress("192.0.2.9", 49152);
    static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.7", 6000);
    static final String SERVER_NAME = "turn:192.0.2.9:3478 (user alice)";
    static final TransportAddr RELAYED = new TransportAddr("192.0.2.9", 49152);

    final FakeScheduler time = new FakeScheduler();
    final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(10));
    final FakeTurnServer server = new FakeTurnServer(time, net, SERVER, RELAY);
    final StunTransactions transactions = new StunTransactions(time);
    final List<IceEvent> events = new ArrayList<>();
    final List<String> relayedToUs = new ArrayList<>();
    final List<String> atPeer = new ArrayList<>();
    TurnClient turn;

    TurnClient client(String password) {
        TurnClient[] self = new TurnClient[1];
        DatagramPort host = net.open(CLIENT, (port, data, length, from) -> self[0].onPacket(data, length, from));
        self[0] = new TurnClient(time, transactions, host, new TurnServer(SERVER, FakeTurnServer.USER, password), 1,
                events::add, (port, data, length, from) -> relayedToUs.add(
                        text(data, length) + " from " + from + (port == self[0].relayedPort() ? "" : " on the wrong port")));
        return self[0];
    }

    TurnAllocation allocated() {
        turn = client(FakeTurnServer.PASSWORD);
        CompletableFuture<TurnAllocation> f = turn.allocate();
        assertTrue(time.advanceUntil(f::isDone, Duration.ofSeconds(1)));
        return f.join();
    }

    DatagramPort peer() {
        return net.open(PEER, (port, data, length, from) -> atPeer.add(text(data, length) + " from " + from));
    }

    static String text(byte[] data, int length) {
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    static void send(DatagramPort port, String text, InetSocketAddress to) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        port.send(b, 0, b.length, to);
    }

    /** Fake times (s, from the grant) at which the server saw requests of {@code type}. */
    List<Long> secondsOf(String type, long grantedAtMillis) {
        return server.seen().stream().filter(s -> s.type().equals(type))
                .map(s -> (s.atMillis() - grantedAtMillis) / 1000).toList();
    }

    TurnException failure(CompletableFuture<TurnAllocation> f) {
        assertTrue(f.isCompletedExceptionally());
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return assertInstanceOf(TurnException.class, e.getCause());
        }
    }

    @Test
    void theFirstAllocateIsChallengedAndTheSecondCarriesTheCredentials() {
        TurnAllocation a = allocated();

        assertEquals(List.of("Allocate (no credentials)", "Allocate"), server.ladder());
        assertEquals(new TurnAllocation(RELAY, CLIENT, Duration.ofSeconds(600)), a);
        assertEquals(Duration.ofMillis(40), time.elapsed(), "two round trips");
        assertEquals(List.of(new IceEvent.TurnAllocated(SERVER_NAME, 1, RELAYED, Duration.ofSeconds(600))), events);
        assertEquals(RELAY, turn.relayedPort().localAddress());
        assertTrue(turn.relayedPort().isOpen());
    }

    @Test
    void aSixHundredSecondAllocationIsRefreshedEvery540SecondsForHalfAnHour() {
        allocated();
        long granted = time.elapsed().toMillis();

        time.advance(Duration.ofMinutes(30));

        // RFC 8656 §8: max(lifetime / 2, lifetime - 60 s) after each grant.
        assertEquals(List.of(540L, 1080L, 1620L), secondsOf("Refresh", granted));
        assertEquals(3, events.stream().filter(e -> e instanceof IceEvent.TurnRefreshed r
                && r.lifetime().equals(Duration.ofSeconds(600)) && r.relayed().equals(RELAYED)).count(), events.toString());
        assertTrue(server.allocated());
    }

    @Test
    void aTwentySecondAllocationIsRefreshedEveryTenSecondsAndNeverExpires() {
        server.lifetime(20);
        allocated();

        time.advance(Duration.ofMinutes(30));

        List<Long> at = server.seen().stream().filter(s -> s.type().equals("Refresh")).map(s -> s.atMillis()).toList();
        assertEquals(179, at.size(), "refreshes in 30 min");
        for (int i = 1; i < at.size(); i++) {
            // 10 s after the previous grant, which came one round trip (20 ms) after its request.
            assertEquals(10_020, at.get(i) - at.get(i - 1), "gap before refresh " + i);
        }
        assertEquals(179, events.stream().filter(e -> e instanceof IceEvent.TurnRefreshed).count());
    }

    @Test
    void permissionsAreRenewedEveryFourMinutesAndChannelsEveryNine() {
        peer();
        allocated();
        long firstSend = time.elapsed().toMillis() + 10; // the requests reach the server 10 ms later
        send(turn.relayedPort(), "hello", PEER);

        time.advance(Duration.ofMinutes(30));

        assertEquals(List.of(0L, 240L, 480L, 720L, 960L, 1200L, 1440L, 1680L), secondsOf("CreatePermission", firstSend));
        assertEquals(List.of(0L, 540L, 1080L, 1620L), secondsOf("ChannelBind", firstSend));
        assertEquals(List.of(PEER.getAddress()), server.permissions().stream().distinct().toList());
        assertTrue(events.stream().noneMatch(e -> e instanceof IceEvent.TurnRefreshFailed), events.toString());
    }

    @Test
    void withShortLifetimesPermissionsAndChannelsAreRenewedAsOftenAsTheAllocation() {
        server.lifetime(20);
        peer();
        allocated();
        long firstSend = time.elapsed().toMillis() + 10;
        send(turn.relayedPort(), "hello", PEER);

        time.advance(Duration.ofSeconds(35));

        assertEquals(List.of(0L, 10L, 20L, 30L), secondsOf("CreatePermission", firstSend));
        assertEquals(List.of(0L, 10L, 20L, 30L), secondsOf("ChannelBind", firstSend));
    }

    @Test
    void aStaleNonceIsAnsweredOnceWithTheNewNonce() {
        allocated();
        server.staleNonce();

        time.advance(Duration.ofSeconds(541));

        assertEquals(List.of("Allocate (no credentials)", "Allocate", "Refresh", "Refresh"), server.ladder());
        assertEquals(List.of("TurnAllocated", "TurnRefreshed"),
                events.stream().map(e -> e.getClass().getSimpleName()).toList());
    }

    @Test
    void aServerThatKeepsAnswering438GetsOneRetryThenTheRefreshFails() {
        allocated();
        server.script(Message.REFRESH_REQUEST, r -> {
            server.staleNonce();
            return 438;
        });

        time.advance(Duration.ofSeconds(600));

        assertEquals(List.of("Allocate (no credentials)", "Allocate", "Refresh", "Refresh"), server.ladder());
        IceEvent.TurnRefreshFailed failed = (IceEvent.TurnRefreshFailed) events.get(1);
        assertEquals(SERVER_NAME, failed.server());
        assertEquals(RELAYED, failed.relayed());
        assertTrue(failed.reason().startsWith("438 Stale Nonce"), failed.reason());
    }

    @Test
    void aWrongPasswordFailsWithWrongTurnCredentialsAfterOneRetry() {
        turn = client("not-the-password");
        CompletableFuture<TurnAllocation> f = turn.allocate();

        time.advance(Duration.ofSeconds(60));

        TurnException e = failure(f);
        assertEquals(401, e.code());
        assertEquals("401 Unauthorized: wrong TURN credentials for user 'alice' (Allocate)", e.reason());
        assertTrue(e.getMessage().contains(SERVER_NAME), e.getMessage());
        assertEquals(List.of("Allocate (no credentials)", "Allocate"), server.ladder());
        assertEquals(List.of(), events);
        assertFalse(turn.relayedPort().isOpen());
    }

    @Test
    void aSilentServerFailsTheAllocationAfterSevenRequestsAnd19point75Seconds() {
        server.silent(true);
        turn = client(FakeTurnServer.PASSWORD);
        CompletableFuture<TurnAllocation> f = turn.allocate();

        assertTrue(time.advanceUntil(f::isDone, Duration.ofMinutes(1)));

        // TurnTimers.ALLOCATE: RTO 250 ms, Rc 7, Rm 16.
        assertEquals(Duration.ofMillis(19_750), time.elapsed());
        TurnException e = failure(f);
        assertEquals(TurnException.NO_RESPONSE, e.code());
        assertEquals("no Allocate response (server silent, unreachable or refusing)", e.reason());
        assertEquals(7, server.seen().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {437, 486, 403, 508, 500})
    void anAllocateErrorFailsWithItsCode(int code) {
        server.script(Message.ALLOCATE_REQUEST, r -> code);
        turn = client(FakeTurnServer.PASSWORD);
        CompletableFuture<TurnAllocation> f = turn.allocate();

        time.advance(Duration.ofSeconds(60));

        TurnException e = failure(f);
        assertEquals(code, e.code());
        assertTrue(e.reason().startsWith(code + " ") && e.reason().endsWith("(Allocate)"), e.reason());
        assertTrue(e.getMessage().startsWith("TURN server " + SERVER_NAME + ": " + code), e.getMessage());
        assertEquals(2, server.seen().size(), "no retry after an error");
    }

    @Test
    void aTryAlternateFailsTheAllocateWithTheAlternateServerItNames() throws Exception {
        // RFC 8489 §10: the client does not retry this server; the owner decides (TurnRedirect).
        InetSocketAddress alternate = new InetSocketAddress(InetAddress.getByName("192.0.2.77"), 3479);
        server.alternate(alternate).script(Message.ALLOCATE_REQUEST, r -> 300);
        turn = client(FakeTurnServer.PASSWORD);
        CompletableFuture<TurnAllocation> f = turn.allocate();

        time.advance(Duration.ofSeconds(60));

        TurnException e = failure(f);
        assertEquals(300, e.code());
        assertEquals(alternate, e.alternate());
        assertEquals("300 Try Alternate: the server redirects to another (Allocate)", e.reason());
        assertEquals(2, server.seen().size(), "no retry of this server");
    }

    @Test
    void aResponseThatFailsMessageIntegrityIsIgnored() {
        server.signWith(new byte[16]); // an on-path forger without the password
        turn = client(FakeTurnServer.PASSWORD);
        CompletableFuture<TurnAllocation> f = turn.allocate();

        time.advance(Duration.ofMinutes(1));

        assertEquals(TurnException.NO_RESPONSE, failure(f).code());
        assertFalse(turn.relayedPort().isOpen());
        assertEquals(List.of(), events);
    }

    @Test
    void aRefreshAnswered437ReportsTheAllocationLostAndStopsEverything() {
        peer();
        allocated();
        send(turn.relayedPort(), "hello", PEER);
        server.script(Message.REFRESH_REQUEST, r -> 437);

        time.advance(Duration.ofMinutes(30));

        assertEquals(2, events.size(), events.toString());
        IceEvent.TurnRefreshFailed failed = (IceEvent.TurnRefreshFailed) events.get(1);
        assertEquals("437 Allocation Mismatch: the server has no such allocation (it expired or was deleted) (Refresh)",
                failed.reason());
        long refreshAt = server.seen().stream().filter(r -> r.type().equals("Refresh")).findFirst().orElseThrow()
                .atMillis();
        assertTrue(server.seen().stream().allMatch(r -> r.atMillis() < refreshAt + 20),
                "nothing renewed once the 437 arrived: " + server.seen());
        assertFalse(turn.relayedPort().isOpen());
    }

    @Test
    void aRefreshThatTimesOutIsRetriedWithHalfOfWhatIsLeftThenReported() {
        allocated();
        long granted = time.elapsed().toMillis() - 10; // the server granted it 10 ms before we read it
        server.silent(true);

        time.advance(Duration.ofMinutes(30));

        // 540 s, timeout at 579.5 s with 20.5 s left: again at 589.75 s, timeout at 629.25 s: reported.
        List<Long> refreshStarts = server.seen().stream().filter(s -> s.type().equals("Refresh"))
                .map(s -> (s.atMillis() - granted) / 250).distinct().toList();
        assertEquals(14, refreshStarts.size(), "7 requests per attempt, 2 attempts: " + refreshStarts);
        assertEquals(2, events.size());
        assertEquals("no Refresh response (server silent, unreachable or refusing)",
                ((IceEvent.TurnRefreshFailed) events.get(1)).reason());
    }

    @Test
    void closeDeletesTheAllocationAndStopsEveryTimer() {
        peer();
        allocated();
        send(turn.relayedPort(), "hello", PEER);
        time.advance(Duration.ofSeconds(1));

        turn.close();
        turn.close();
        time.advance(Duration.ofSeconds(1));

        List<FakeTurnServer.Seen> seen = server.seen();
        assertEquals(new FakeTurnServer.Seen(seen.get(seen.size() - 1).atMillis(), "Refresh", true, 0),
                seen.get(seen.size() - 1), "the last request deletes the allocation (LIFETIME 0)");
        assertFalse(server.allocated());
        int requests = seen.size();

        send(turn.relayedPort(), "after close", PEER);
        time.advance(Duration.ofMinutes(30));

        assertEquals(requests, server.seen().size(), "nothing sent after the deletion: " + server.ladder());
        assertFalse(turn.relayedPort().isOpen());
        assertEquals(0, transactions.size());
        assertEquals(List.of("TurnAllocated"), events.stream().map(e -> e.getClass().getSimpleName()).toList());
    }

    @Test
    void closingWhileTheAllocateIsInFlightDeletesTheAllocationOnceGranted() {
        turn = client(FakeTurnServer.PASSWORD);
        CompletableFuture<TurnAllocation> f = turn.allocate();
        time.advance(Duration.ofMillis(30)); // the authenticated Allocate is on its way

        turn.close();
        time.advance(Duration.ofSeconds(5));

        assertEquals(List.of("Allocate (no credentials)", "Allocate", "Refresh"), server.ladder());
        assertEquals(0, server.seen().get(2).lifetime());
        assertFalse(server.allocated());
        assertEquals("closed before the allocation was granted", failure(f).reason());
        assertEquals(List.of(), events);
    }

    @Test
    void dataGoesInASendIndicationUntilTheChannelIsBoundThenInChannelDataBothWays() {
        DatagramPort peer = peer();
        allocated();

        send(turn.relayedPort(), "first", PEER);
        time.advance(Duration.ofMillis(100));
        send(turn.relayedPort(), "second", PEER);
        send(peer, "reply", RELAY);
        time.advance(Duration.ofMillis(100));

        assertEquals(List.of("Allocate", "Allocate", "CreatePermission", "ChannelBind", "Send",
                "ChannelData 4000"), server.seen().stream().map(FakeTurnServer.Seen::type).toList());
        assertEquals(List.of("first from " + RELAY, "second from " + RELAY), atPeer);
        assertEquals(List.of("reply from " + PEER), relayedToUs);
    }

    @Test
    void withoutAChannelDataGoesInSendAndDataIndicationsAndTheFailureIsReported() {
        DatagramPort peer = peer();
        server.script(Message.CHANNELBIND_REQUEST, r -> 400);
        allocated();

        send(turn.relayedPort(), "first", PEER);
        time.advance(Duration.ofMillis(100));
        send(turn.relayedPort(), "second", PEER);
        send(peer, "reply", RELAY);
        time.advance(Duration.ofMillis(100));

        assertEquals(List.of("first from " + RELAY, "second from " + RELAY), atPeer);
        assertEquals(List.of("reply from " + PEER), relayedToUs);
        assertEquals(List.of("Send", "Send"), server.seen().stream().map(FakeTurnServer.Seen::type)
                .filter(t -> t.startsWith("Send") || t.startsWith("ChannelData")).toList());
        IceEvent.TurnRefreshFailed failed = (IceEvent.TurnRefreshFailed) events.get(1);
        assertEquals("400 Bad Request (ChannelBind)", failed.reason());
    }
}
