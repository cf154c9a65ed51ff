package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.profile.SipProfile;
import org.sipice.testing.Coturn;
import org.sipice.testing.EventRecorder;

/**
 * The shipped relay-only profile keeps its promise: with the TURN server pointed at a coturn on
 * loopback, the offer sipice builds names no host or server-reflexive address anywhere. Every
 * a=candidate is typ relay with its related address hidden, and every port in the SDP (m=,
 * a=rtcp, candidates) is one that coturn allocated, as reported by the TurnAllocated events
 * (a source independent of the SDP).
 */
class RelayOnlyProfileSdpTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void theOfferNamesOnlyRelayedAddresses() throws Exception {
        Properties mine = new Properties();
        mine.setProperty("extends", "relay-only");
        mine.setProperty("sipice.turn-servers", "turn:" + coturn.address().getAddress().getHostAddress() + ":"
                + coturn.address().getPort());
        mine.setProperty("sipice.turn-username", Coturn.USER);
        mine.setProperty("sipice.turn-password", Coturn.PASSWORD);
        // coturn listens on loopback only: host candidates there, so the relay can be reached.
        mine.setProperty("sipice.host-addresses", "127.0.0.1");
        SipProfile profile = SipProfile.parse("private.properties", mine);

        EventRecorder events = new EventRecorder();
        try (IceSession session = IceSession.create(profile.callConfig().ice(), IceRole.CONTROLLING, events)) {
            LocalIce local = await(session.gather());
            String sdp = OfferAnswer.offer(local, profile.callConfig().ice().rtcpMux(), new SdpOrigin.Stamp(1, 1), 20);
            int components = profile.callConfig().ice().componentCount();
            Set<Integer> relayed = events.awaitCount(IceEvent.TurnAllocated.class, components, DEADLINE).stream()
                    .map(a -> a.relayed().port()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(components, relayed.size(), events.names().toString());

            List<String> candidates = new ArrayList<>();
            for (String line : sdp.split("\r\n")) {
                if (line.startsWith("a=candidate:")) {
                    candidates.add(line);
                    String[] f = line.split(" ");
                    assertEquals("relay", f[7], "a host or srflx candidate leaked: " + line + "\n" + sdp);
                    assertTrue(relayed.contains(Integer.parseInt(f[5])), line + " is not on a relayed port " + relayed);
                    int raddr = List.of(f).indexOf("raddr");
                    if (raddr > 0) {
                        assertEquals("0.0.0.0", f[raddr + 1], "related address must be hidden: " + line);
                        assertEquals("0", f[List.of(f).indexOf("rport") + 1], "related port hidden: " + line);
                    }
                } else if (line.startsWith("m=")) {
                    int port = Integer.parseInt(line.split(" ")[1]);
                    assertTrue(relayed.contains(port), "m= names a non-relayed port: " + line + "\n" + sdp);
                } else if (line.startsWith("a=rtcp:")) {
                    int port = Integer.parseInt(line.substring(7).split(" ")[0]);
                    assertTrue(relayed.contains(port), "a=rtcp names a non-relayed port: " + line);
                } else if (line.startsWith("c=")) {
                    assertEquals("c=IN IP4 " + coturn.address().getAddress().getHostAddress(), line,
                            "c= must be the relay's address");
                }
                assertFalse(line.startsWith("a=remote-candidates"), line);
            }
            assertEquals(components, candidates.size(), sdp);
        }
    }
}
