package org.sipice.ice.internal;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.nomination.AgentObserver;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * Carries a {@link org.sipice.ice.internal.nomination.NominatingAgent}'s reports from ice4j's
 * threads onto the session's executor, in order, as sipice values.
 */
final class NominationObserver implements AgentObserver {
    private final SerialExecutor serial;
    private final Consumer<IceRole> roleChanged;
    private final IntConsumer reselected;

    NominationObserver(SerialExecutor serial, Consumer<IceRole> roleChanged, IntConsumer reselected) {
        this.serial = serial;
        this.roleChanged = roleChanged;
        this.reselected = reselected;
    }

    @Override
    public void roleChanged(boolean controlling) {
        IceRole role = controlling ? IceRole.CONTROLLING : IceRole.CONTROLLED;
        serial.execute(() -> roleChanged.accept(role));
    }

    @Override
    public void selectedPairChanged(Component component, CandidatePair previous, CandidatePair selected) {
        int componentId = component.getComponentID();
        serial.execute(() -> reselected.accept(componentId));
    }
}
