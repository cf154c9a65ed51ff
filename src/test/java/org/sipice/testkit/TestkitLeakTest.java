package org.sipice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.sipice.testing.Eventually;
import org.sipice.testing.Resources;

/**
 * After a test that used the extension, nothing is left: every UDP socket (SIP, ICE candidates,
 * the embedded STUN responder) is closed and no testkit thread lives. The scripted test runs
 * through the JUnit Platform so that the extension's own after-each does the closing.
 */
class TestkitLeakTest {

    /** Run by the launcher below, not by surefire (nested classes are not discovered). */
    @ExtendWith(SipiceExtension.class)
    static class OneCallThenAnother {
        @Test
        void aCallWithMedia(LoopbackAgent alice, LoopbackAgent bob) {
            alice.calls(bob)
                    .expectRingingAfterIce(Duration.ofSeconds(15))
                    .calleeAnswers()
                    .expectEstablished(Duration.ofSeconds(5))
                    .mediaFlows(Duration.ofMillis(200));
            // no hang-up: the extension must end the call and close everything
        }

        @Test
        void threeAgentsNoCall(LoopbackAgent alice, LoopbackAgent bob, LoopbackAgent carol) {
            assertEquals("carol", carol.name());
        }
    }

    @Test
    void theExtensionClosesEverySocketAndThread() throws Exception {
        int before = Resources.udpSockets();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(OneCallThenAnother.class)).build(), listener);
        StringWriter failures = new StringWriter();
        listener.getSummary().printFailuresTo(new PrintWriter(failures), 20);
        assertEquals(2, listener.getSummary().getTestsSucceededCount(), failures.toString());

        Eventually.atMost(Resources::udpSockets, before, Duration.ofSeconds(10),
                () -> "UDP sockets left open after the tests");
        List<String> testkitThreads = Resources.threadNames().stream().filter(n -> n.startsWith("sipice-testkit"))
                .collect(Collectors.toList());
        assertEquals(List.of(), testkitThreads);
    }
}
