package tokendesk.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import tokendesk.Database;
import tokendesk.Ids;
import tokendesk.user.User;

/** Agents: recorded from heartbeats, listed for people and the API. */
public final class AgentService {
    private final Jdbi jdbi;
    private final Clock clock;

    public AgentService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
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
        try {
            return upsert(heartbeat, tokenId, at);
        } catch (UnableToExecuteStatementException e) {
            // two first heartbeats of one instance at once: the loser's insert hits the unique key; now it updates
            if (Database.isUniqueViolation(e)) {
                return upsert(heartbeat, tokenId, at);
            }
            throw e;
        }
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

    public List<Agent> list() {
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
