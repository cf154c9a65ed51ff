package org.sipice.ice.internal.engine.agent;

/**
 * The controlled agent's side of nomination (RFC 8445 §8.1.1, §7.3.1.5): it nominates nothing
 * and selects, per component, the highest-priority valid pair the controlling agent nominated;
 * a higher one nominated later replaces it (RFC 5245 §8.1.1.2 with aggressive peers).
 */
final class ControlledNomination implements Nominator {
    private final AgentContext agent;

    ControlledNomination(AgentContext agent) {
        this.agent = agent;
    }

    @Override
    public void onValid(CandidatePair pair) {
    }

    @Override
    public void onNominated(CandidatePair pair) {
        agent.selectHighestNominated(pair.componentId());
    }

    @Override
    public void onFailed(CandidatePair pair) {
    }
}
