package org.sipice.ice.internal.engine.agent;

/**
 * The selection rule of the strategies that may see several nominations per component: the
 * highest-priority valid nominated pair is selected, and a higher one nominated later replaces it
 * (RFC 8445 §8.1.1; RFC 5245 §8.1.1.2 with aggressive nomination, the agreement both ends rely on,
 * §11.1.1). {@link AggressiveNomination} and {@link ControlledNomination} differ only in what they
 * send; {@link RegularNomination} selects the one pair it nominated instead.
 */
abstract class HighestNominatedSelection implements Nominator {
    private final AgentContext agent;

    HighestNominatedSelection(AgentContext agent) {
        this.agent = agent;
    }

    @Override
    public void onValid(CandidatePair pair) {
    }

    @Override
    public final void onNominated(CandidatePair pair) {
        CandidatePair best = null;
        for (CandidatePair p : agent.checkList.pairs()) {
            if (p.componentId() == pair.componentId() && p.isValid() && p.isNominated()
                    && p.state() == PairState.SUCCEEDED && (best == null || p.priority() > best.priority())) {
                best = p;
            }
        }
        if (best != null) {
            agent.select(best);
        }
    }

    @Override
    public void onFailed(CandidatePair pair) {
    }
}
