package org.sipice.ice.internal.engine.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceStats;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.internal.CloseSteps;
import org.sipice.ice.internal.engine.agent.Agent;
import org.sipice.ice.internal.engine.agent.LocalCandidate;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sdp.IceCredentials;

/**
 * One {@link LoopSession}'s own check list on its {@link SharedGathering} (docs/ENGINE.md
 * "Forks": what is per fork): the {@link Agent}, created when gathering ends (a check may come
 * before {@code start()}), its entry in {@link CheckLists}, the start of its checks, a pooled
 * session's role at hand-over, its stats, and its release when the session closes.
 *
 * <p>Threads: the session's thread only. The agent's events go to the session's
 * {@link SessionProgress} while the session is open.
 */
final class SessionChecks {
    private static final Logger LOG = LogManager.getLogger(SessionChecks.class);

    private final String name;
    private final IceConfig config;
    private final Scheduler scheduler;
    private final SharedGathering shared;
    private final LoopMediaTransport media;
    private final SessionProgress progress;
    private final AtomicBoolean closed;

    private Agent agent;
    private CheckLists.Entry entry;
    private GatheringResult gatheringResult;
    private boolean started;

    SessionChecks(String name, IceConfig config, Scheduler scheduler, SharedGathering shared,
            LoopMediaTransport media, SessionProgress progress, AtomicBoolean closed) {
        this.name = name;
        this.config = config;
        this.scheduler = scheduler;
        this.shared = shared;
        this.media = media;
        this.progress = progress;
        this.closed = closed;
    }

    /** Gathering ended: the agent on its candidates, and the check list the demultiplexer can reach. */
    void gathered(GatheringResult result, IceCredentials credentials) {
        gatheringResult = result;
        agent = new Agent(scheduler, shared.transactions, AgentSettingsFrom.of(config, progress.role(), credentials,
                result.udpBlocked()),
                this::onAgentEvent);
        for (GatheredCandidate g : result.forAgent()) {
            agent.addLocal(new LocalCandidate(g.candidate(), g.port(), g.base()));
        }
        entry = new CheckLists.Entry(agent, media);
        shared.checkLists.add(entry);
    }

    /** Checks against {@code remote} (RFC 8445 §6.1.2), once; the session fails if gathering has not completed. */
    void start(RemoteIce remote) {
        if (started || !progress.checksStart()) {
            return;
        }
        started = true;
        // Checks of this peer that came before its answer, held while no check list knew its
        // ufrag (a fork's), are the agent's early checks (RFC 8445 §7.3.1.4: triggered at start).
        shared.checkLists.started(entry, remote.credentials().ufrag());
        agent.start(remote);
    }

    /**
     * A pooled session's role at hand-over (RFC 8445 §6.1.1: the role follows from the
     * offer/answer exchange and only matters once checks start).
     */
    void handOver(IceRole newRole) {
        if (started) {
            LOG.warn("{}: handed over after checks started: the role stays {}", name, progress.role());
        } else if (agent != null) {
            agent.setRole(newRole);
        }
    }

    /** The agent's events, on the session's thread: the session's state follows them ({@link SessionProgress}). */
    private void onAgentEvent(IceEvent event) {
        if (closed.get()) {
            return;
        }
        progress.onAgentEvent(event, gatheringResult.all(), agent);
    }

    IceStats snapshot() {
        List<GatheredCandidate> all = gatheringResult == null ? List.of() : gatheringResult.all();
        // The agent has pairs once started; before, the gathered candidates are the whole story.
        return StatsAssembly.of(all, started ? agent.stats() : null, progress.role(), progress.state());
    }

    /** Its entry in the demultiplexer, then the agent (its timers, checks, consent), each step even if one throws. */
    void release(CloseSteps steps) {
        if (entry != null) {
            steps.run("check list", () -> shared.checkLists.remove(entry));
        }
        if (agent != null) {
            steps.run("agent", agent::close);
        }
    }
}
