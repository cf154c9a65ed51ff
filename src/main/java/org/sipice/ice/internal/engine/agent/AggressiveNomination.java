package org.sipice.ice.internal.engine.agent;

/**
 * Aggressive nomination by the controlling agent (RFC 5245 §8.1.1.2): every check carries
 * USE-CANDIDATE, so every pair that succeeds is nominated (RFC 8445 §7.2.5.3.4); the selection
 * follows the {@link HighestNominatedSelection highest nominated pair}.
 */
final class AggressiveNomination extends HighestNominatedSelection {

    AggressiveNomination(AgentContext agent) {
        super(agent);
    }

    @Override
    public boolean nominatesEveryCheck() {
        return true;
    }
}
