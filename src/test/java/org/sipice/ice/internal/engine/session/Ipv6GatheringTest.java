package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceRole;
import org.sipice.ice.LocalIce;
import org.sipice.ice.StunServer;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.EventRecorder;

/**
 * Server-reflexive candidates over IPv6 (RFC 8445 §5.1.1.2): a Binding request from an IPv6 base
 * to an IPv6 STUN server, never to one of the other family; the answer's IPv6 XOR-MAPPED-ADDRESS
 * (RFC 8489 §14.2) becomes the candidate.
 */
class Ipv6GatheringTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final EventRecorder events = new EventRecorder();
    private LoopSession alice;

    @AfterEach
    void close() {
        if (alice != null) {
            alice.close();
        }
    }

    @Test
    void anIpv6BaseAsksAnIpv6StunServerBehindAPretendNat66AndAnIpv4BaseTheIpv4One() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress v4 = InetAddress.getLoopbackAddress();
        try (EmbeddedStunServer stun6 = EmbeddedStunServer.start(new InetSocketAddress(v6, 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("fd00:66::9")));
                EmbeddedStunServer stun4 = EmbeddedStunServer.start(new InetSocketAddress(v4, 0),
                        EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")))) {
            IceConfig config = IceConfig.builder().hostAddresses(List.of(v6, v4))
                    .addStunServer(new StunServer(stun6.address())).addStunServer(new StunServer(stun4.address()))
                    .gatheringTimeout(Duration.ofSeconds(5)).build();
            alice = new LoopSession(config, IceRole.CONTROLLING, events);

            LocalIce local = await(alice.gather(), DEADLINE);

            for (int component = 1; component <= 2; component++) {
                int c = component;
                List<IceCandidate> srflx = local.candidates().stream()
                        .filter(x -> x.componentId() == c && x.type() == CandidateType.SRFLX).toList();
                assertEquals(List.of("fd00:66:0:0:0:0:0:9", "127.0.0.2"),
                        srflx.stream().map(IceCandidate::address).toList(), "IPv6 first (RFC 8421 §4): " + srflx);
                assertEquals("0:0:0:0:0:0:0:1", srflx.get(0).relatedAddress());
                assertTrue(srflx.get(0).priority() > srflx.get(1).priority());
            }
            // One request per base of the server's family: two components, one base each.
            assertEquals(2, stun6.answered());
            assertEquals(2, stun4.answered());
            assertEquals(List.of(), events.ofType(ServerFailed.class));
        }
    }
}
