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
    private final Runnable peerChecked;

    NominationObserver(SerialExecutor serial, Consumer<IceRole> roleChanged, IntConsumer reselected) {
        this(serial, roleChanged, reselected, () -> { });
    }

    /** @param peerChecked runs on {@code serial} when the peer's first authenticated check arrives */
    NominationObserver(SerialExecutor serial, Consumer<IceRole> roleChanged, IntConsumer reselected,
            Runnable peerChecked) {
        this.serial = serial;
        this.roleChanged = roleChanged;
        this.reselected = reselected;
        this.peerChecked = peerChecked;
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

    @Override
    public void peerCheckReceived() {
        serial.execute(peerChecked);
    }
}
