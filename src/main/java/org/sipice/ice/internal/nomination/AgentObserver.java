package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;

/**
 * What a {@link NominatingAgent} reports to its session. Called on ice4j's threads: implementations
 * only post to their own executor.
 */
public interface AgentObserver {

    /** Reports nothing. */
    AgentObserver NONE = new AgentObserver() {
        @Override
        public void roleChanged(boolean controlling) {
        }

        @Override
        public void selectedPairChanged(Component component, CandidatePair previous, CandidatePair selected) {
        }
    };

    /** The agent switched role (role conflict, RFC 8445 §7.3.1.1; or control toward a lite peer). */
    void roleChanged(boolean controlling);

    /** A higher-priority nominated pair replaced the selected pair of {@code component}. */
    void selectedPairChanged(Component component, CandidatePair previous, CandidatePair selected);

    /**
     * The first authenticated Binding request from the peer arrived (ice4j's STUN stack checked
     * USERNAME and MESSAGE-INTEGRITY before handing it to the agent). Called once.
     */
    default void peerCheckReceived() {
    }
}
