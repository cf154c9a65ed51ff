package org.sipice.ice.internal;

import java.beans.PropertyChangeEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.IceMediaStream;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * Carries ice4j's stream pair property changes (a string-keyed {@code PropertyChangeListener})
 * from ice4j's threads onto the session's executor as typed events: a pair validated
 * (RFC 8445 §7.2.5.3.2), a pair nominated (§8.1.1), each nominated pair once.
 */
final class PairChangeObserver {
    private final SerialExecutor serial;
    private final Consumer<IceEvent.PairValidated> validated;
    private final Consumer<IceEvent.PairNominated> nominated;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** {@code validated} and {@code nominated} run on {@code serial}. */
    PairChangeObserver(SerialExecutor serial, Consumer<IceEvent.PairValidated> validated,
            Consumer<IceEvent.PairNominated> nominated) {
        this.serial = serial;
        this.validated = validated;
        this.nominated = nominated;
    }

    /** Listens to {@code stream}'s pairs. */
    void observe(IceMediaStream stream) {
        stream.addPairChangeListener(this::onPairChange);
    }

    private void onPairChange(PropertyChangeEvent e) {
        if (!(e.getSource() instanceof CandidatePair)) {
            return;
        }
        CandidatePair pair = (CandidatePair) e.getSource();
        String property = e.getPropertyName();
        if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(property)) {
            CandidatePairInfo info = CandidateMapping.toInfo(pair);
            serial.execute(() -> validated.accept(new IceEvent.PairValidated(info)));
        } else if (IceMediaStream.PROPERTY_PAIR_NOMINATED.equals(property) && seen.add(pair.toShortString())) {
            // ice4j fires this when the controlling agent nominates and again on confirmation.
            CandidatePairInfo info = CandidateMapping.toInfo(pair);
            serial.execute(() -> nominated.accept(new IceEvent.PairNominated(info)));
        }
    }
}
