package tokendesk.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.shared.PeriodicFlush;
import tokendesk.user.User;

/**
 * Agents: recorded from heartbeats, listed for people and the API. A heartbeat of a known agent is merged into
 * memory and written behind, at most once per agent per flush interval (every agent reports every few seconds
 * to minutes, and thousands of them must not cost a transaction each); a new agent is written at once, and
 * every read flushes first, so lists and pages never show less than the heartbeats answered so far. A crash
 * loses at most one interval of "last heartbeat" times, which the next heartbeat restores.
 */
public final class AgentService implements AutoCloseable {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Map<String, Agent> known = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final PeriodicFlush flusher;

    public AgentService(Jdbi jdbi, Clock clock, Duration flushInterval) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.flusher = new PeriodicFlush("agent-heartbeat-flush", flushInterval, this::flush);
    }

    /** How the Agents page shows the token of an agent's last heartbeat: its description when the viewer may open it. */
    public record Listed(Agent agent, String tokenLabel, String tokenLink) {
    }

    /**
     * Creates the agent on its first heartbeat and updates it on every later one. {@code tokenId} is the token that
     * authenticated the heartbeat, or null for a signed-in browser.
     */
    public Agent heartbeat(Heartbeat heartbeat, String tokenId) {
        var at = clock.instant();
        var merged = known.computeIfPresent(heartbeat.instanceId(), (id, agent) -> merge(agent, heartbeat, tokenId, at));
        if (merged != null) {
            dirty.add(merged.instanceId());
            return merged;
        }
        Agent stored;
        try {
            stored = upsert(heartbeat, tokenId, at);
        } catch (UnableToExecuteStatementException e) {
            // two first heartbeats of one instance at once: the loser's insert hits the unique key; now it updates
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            stored = upsert(heartbeat, tokenId, at);
        }
        known.put(stored.instanceId(), stored);
        return stored;
    }

    /** Fields a heartbeat leaves out keep their earlier value, as the database update does. */
    private static Agent merge(Agent a, Heartbeat h, String tokenId, Instant at) {
        return new Agent(a.id(), a.instanceId(), or(h.hostname(), a.hostname()), or(h.version(), a.version()),
                or(h.status(), a.status()), or(h.statistics(), a.statistics()), or(h.configurations(), a.configurations()),
                a.firstSeenAt(), at, tokenId, null, null);
    }

    private static String or(String value, String earlier) {
        return value != null ? value : earlier;
    }

    private Agent upsert(Heartbeat h, String tokenId, Instant at) {
        return jdbi.inTransaction(handle -> {
            var dao = handle.attach(AgentDao.class);
            if (dao.update(h.instanceId(), h.hostname(), h.version(), h.status(), h.statistics(), h.configurations(),
                    at, tokenId) == 0) {
                dao.insert(Ids.random(), h.instanceId(), h.hostname(), h.version(), h.status(), h.statistics(),
                        h.configurations(), at, tokenId);
            }
            return dao.findByInstanceId(h.instanceId()).orElseThrow();
        });
    }

    /** Writes every agent heard from since the last flush, in one transaction. */
    public synchronized int flush() {
        var batch = new ArrayList<Agent>();
        for (var instanceId : List.copyOf(dirty)) {
            dirty.remove(instanceId);
            var agent = known.get(instanceId);
            if (agent != null) {
                batch.add(agent);
            }
        }
        if (!batch.isEmpty()) {
            jdbi.useTransaction(handle -> {
                var dao = handle.attach(AgentDao.class);
                for (var a : batch) {
                    dao.update(a.instanceId(), a.hostname(), a.version(), a.status(), a.statistics(), a.configurations(),
                            a.lastHeartbeatAt(), a.lastTokenId());
                }
            });
        }
        return batch.size();
    }

    @Override
    public void close() {
        flusher.close();
    }

    public List<Agent> list() {
        flush();
        return jdbi.withExtension(AgentDao.class, AgentDao::listByLastHeartbeat);
    }

    /**
     * The list for {@code viewer}: a token they may open (any for Owner and Administrators, their own for a Manager)
     * is named and linked; any other token shows only its id, and "—" means no token (a signed-in browser).
     */
    public List<Listed> listFor(User viewer) {
        return list().stream().map(agent -> listed(agent, viewer)).toList();
    }

    private static Listed listed(Agent agent, User viewer) {
        if (agent.lastTokenId() == null) {
            return new Listed(agent, "\u2014", null);
        }
        boolean exists = agent.lastTokenDescription() != null;
        var role = viewer.role();
        boolean visible = role.seesAllTokens() || (role.hasTokenPages() && viewer.id().equals(agent.lastTokenOwnerId()));
        if (exists && visible) {
            return new Listed(agent, agent.lastTokenDescription(), "/tokens/" + agent.lastTokenId());
        }
        return new Listed(agent, agent.lastTokenId().strip(), null);
    }

    public Instant now() {
        return clock.instant();
    }
}
