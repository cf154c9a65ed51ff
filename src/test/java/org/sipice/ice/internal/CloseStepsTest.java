package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code LoopSession.close()} runs its steps through {@link CloseSteps}: a step that throws is
 * logged and the later ones still run (issue 11, defect 4: a stats snapshot that threw left the
 * TURN allocations and the sockets behind). Only a VirtualMachineError goes on up.
 */
class CloseStepsTest {

    @Test
    void aStepThatThrowsDoesNotStopTheOnesAfterIt() {
        List<String> ran = new ArrayList<>();
        CloseSteps steps = new CloseSteps("session");

        steps.run("stats snapshot", () -> {
            ran.add("stats");
            throw new IllegalArgumentException("priority -1 is outside 1..2^31-1");
        });
        steps.run("TURN allocations", () -> ran.add("turn"));
        steps.run("agent and its sockets", () -> {
            ran.add("agent");
            throw new AssertionError("an Error from a step");
        });
        steps.run("media readers", () -> ran.add("readers"));

        assertEquals(List.of("stats", "turn", "agent", "readers"), ran);
        assertEquals(2, steps.failures());
    }

    @Test
    void outOfMemoryIsNotSwallowed() {
        CloseSteps steps = new CloseSteps("session");
        assertThrows(OutOfMemoryError.class, () -> steps.run("step", () -> {
            throw new OutOfMemoryError("simulated");
        }));
    }
}
