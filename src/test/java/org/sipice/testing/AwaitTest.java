package org.sipice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sipice.testing.Await.await;
import static org.sipice.testing.Await.awaitFailure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The failure messages of {@link Await}: they name the step as the test wrote it. */
class AwaitTest {
    private final CompletableFuture<String> established = new CompletableFuture<>();

    @Test
    void aCompletedStepGivesItsValue() {
        established.complete("200 OK");
        assertEquals("200 OK", await(established));
    }

    @Test
    void aLateStepIsNamedWithItsDeadlineFileAndLine() {
        AssertionError e = assertThrows(AssertionError.class, () -> await(established, Duration.ofMillis(50)));
        assertEquals("established not done within 50 ms (AwaitTest.java:25)", e.getMessage());
    }

    @Test
    void aFailedStepCarriesItsCause() {
        IllegalStateException cause = new IllegalStateException("488 Not Acceptable Here");
        established.completeExceptionally(cause);
        AssertionError e = assertThrows(AssertionError.class, () -> await(established));
        assertEquals("established failed: " + cause + " (AwaitTest.java:33)", e.getMessage());
        assertSame(cause, e.getCause());
        assertSame(cause, awaitFailure(established));
    }

    @Test
    void aStepExpectedToFailThatSucceedsFailsTheTest() {
        established.complete("200 OK");
        AssertionError e = assertThrows(AssertionError.class, () -> awaitFailure(established));
        assertEquals("established was expected to fail but gave 200 OK (AwaitTest.java:42)", e.getMessage());
    }
}
