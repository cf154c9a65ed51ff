package org.sipice.ice.internal.engine.agent;

/**
 * The controlled agent's side of nomination (RFC 8445 §8.1.1, §7.3.1.5): it nominates nothing and
 * selects, per component, the {@link HighestNominatedSelection highest valid pair the controlling
 * agent nominated}; a higher one nominated later replaces it (RFC 5245 §8.1.1.2 with aggressive
 * peers).
 */
final class ControlledNomination extends HighestNominatedSelection {

    ControlledNomination(AgentContext agent) {
        super(agent);
    }
}
