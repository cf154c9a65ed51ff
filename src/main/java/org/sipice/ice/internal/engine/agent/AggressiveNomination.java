package org.sipice.ice.internal.engine.agent;

/**
 * Aggressive nomination by the controlling agent (RFC 5245 §8.1.1.2): every check carries
 * USE-CANDIDATE, so every pair that succeeds is nominated; both agents select the highest-priority
 * nominated valid pair and move to a better one nominated later (the agreement rule both ends rely
 * on, RFC 5245 §11.1.1).
 */
final class AggressiveNomination implements Nominator {
    private final AgentContext agent;

    AggressiveNomination(AgentContext agent) {
        this.agent = agent;
    }

    @Override
    public void onValid(CandidatePair pair) {
        // The check carried USE-CANDIDATE: its success nominates it (RFC 8445 §7.2.5.3.4).
    }

    @Override
    public void onNominated(CandidatePair pair) {
        agent.selectHighestNominated(pair.componentId());
    }

    @Override
    public void onFailed(CandidatePair pair) {
    }

    @Override
    public boolean nominatesEveryCheck() {
        return true;
    }
}
