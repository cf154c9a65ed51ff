package org.sipice.sip.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.TransportAddr;

/**
 * Our current ICE description for a subsequent offer or answer. RFC 8839 §4.4.1.2.2: once ICE
 * selected a pair for every component, it lists only the local candidate of each selected pair,
 * which is also the default; before that, everything we gathered.
 */
final class CurrentDescription {
    private CurrentDescription() {
    }

    static LocalIce of(CallBase call) {
        LocalIce local = call.localIce;
        List<IceCandidate> selected = new ArrayList<>();
        Map<Integer, TransportAddr> defaults = new HashMap<>();
        for (Integer component : local.defaults().keySet()) {
            Optional<CandidatePairInfo> pair = call.ice.selectedPair(component);
            if (pair.isEmpty()) {
                return local;
            }
            selected.add(pair.get().local());
            defaults.put(component, pair.get().local().transportAddr());
        }
        return new LocalIce(local.credentials(), selected, defaults);
    }
}
