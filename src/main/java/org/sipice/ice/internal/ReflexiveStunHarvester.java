package org.sipice.ice.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.StunCandidateHarvest;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.message.Response;

/**
 * ice4j's STUN harvester, remembering which host candidates the server answered with their own
 * address. ice4j adds no server-reflexive candidate then (RFC 8445 §5.1.3: it is redundant with
 * its base), which looked exactly like a server that never answered (issue 11, defect 10).
 */
final class ReflexiveStunHarvester extends StunCandidateHarvester {
    private final Set<TransportAddress> mappedToItself = ConcurrentHashMap.newKeySet();

    ReflexiveStunHarvester(TransportAddress server) {
        super(server);
    }

    /** Whether {@code agent}'s harvester for {@code server} got a mapped address equal to a host address. */
    static boolean sawNoNat(Agent agent, TransportAddress server) {
        for (CandidateHarvester h : agent.getHarvesters()) {
            if (h instanceof ReflexiveStunHarvester && server.equals(((ReflexiveStunHarvester) h).stunServer)
                    && !((ReflexiveStunHarvester) h).mappedToItself.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected StunCandidateHarvest createHarvest(HostCandidate hostCandidate) {
        return new StunCandidateHarvest(this, hostCandidate) {
            @Override
            protected void createServerReflexiveCandidate(Response response) {
                TransportAddress mapped = getMappedAddress(response);
                if (mapped != null && mapped.equals(hostCandidate.getTransportAddress())) {
                    mappedToItself.add(hostCandidate.getTransportAddress());
                }
                super.createServerReflexiveCandidate(response);
            }
        };
    }
}
