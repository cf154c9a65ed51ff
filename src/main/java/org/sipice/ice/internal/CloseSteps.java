package org.sipice.ice.internal;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The steps of one {@code close()}: each runs even when an earlier one threw, and what threw is
 * logged with the step's name. Closing never stops half-way (docs/ARCHITECTURE.md, explicit
 * lifecycles): a leaked TURN allocation, agent or socket costs more than a missing statistic.
 */
public final class CloseSteps {
    private static final Logger LOG = LogManager.getLogger(CloseSteps.class);
    private final String owner;
    private int failures;

    public CloseSteps(String owner) {
        this.owner = owner;
    }

    /** Runs {@code step}; a {@link RuntimeException} or {@link Error} it throws is logged, not passed on. */
    public void run(String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            failures++;
            LOG.warn("{}: closing the {} failed, the other steps go on", owner, step, e);
        }
    }

    /** How many steps threw. */
    public int failures() {
        return failures;
    }
}
