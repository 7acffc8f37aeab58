package tokendesk.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import tokendesk.agent.AgentMemory.Known;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.shared.OncePer;
import tokendesk.shared.NotAllowed;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Role;
import tokendesk.user.User;

/**
 * Agents: recorded from heartbeats, listed for people and the API, deleted by the Owner and Administrators. A
 * heartbeat of an agent held in memory is merged there and written behind, at most once per agent per flush interval
 * (every agent reports every few seconds to minutes, and thousands of them must not cost a transaction each); any
 * other heartbeat is written at once, and every read flushes first, so lists and pages never show less than the
 * heartbeats answered so far. A crash loses at most one interval of "last heartbeat" times, which the next heartbeat
 * restores. What memory holds, and for how long, is {@link AgentMemory}'s to bound.
 *
 * <p>An agent belongs to the user whose token first reported it. A token of another user may report for it only when
 * that user is the Owner or an Administrator; a heartbeat without a token (a signed-in browser, or heartbeats opened
 * by DISABLED_AUTH_ENDPOINTS) is not checked and claims nothing.
 */
public final class AgentService implements AutoCloseable {
    public static final String OWNED_BY_ANOTHER_USER = "agent_owned_by_another_user";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Audit audit;
    private final AgentMemory memory;
    /** When a refused heartbeat of an agent by an actor was last audited. */
    private final OncePer refusalsAudited = new OncePer(Duration.ofMinutes(1));

    public AgentService(Jdbi jdbi, Clock clock, Duration flushInterval, Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
        this.memory = new AgentMemory(jdbi, clock, flushInterval);
    }

    /** How the Agents page shows the token of an agent's last heartbeat: its description when the viewer may open it. */
    public record Listed(AgentSummary agent, String tokenLabel, String tokenLink) {
    }

    /** One page of the list, and how many agents match its search in all. */
    public record Page(AgentQuery query, List<Listed> agents, long total) {
        public boolean hasPrevious() {
            return query.page() > 1;
        }

        public boolean hasNext() {
            return query.offset() + agents.size() < total;
        }

        public long pageCount() {
            return Math.max(1, (total + query.limit() - 1) / query.limit());
        }
    }

    /**
     * Creates the agent on its first heartbeat and updates it on every later one. {@code tokenId} is the token that
     * authenticated the heartbeat and {@code reporter} its owner, both null without a token. The answer carries the
     * statistics and configurations this heartbeat sent (or ones not written yet).
     */
    public Agent heartbeat(Heartbeat heartbeat, String tokenId, User reporter) {
        var at = clock.instant();
        var refused = new boolean[1];
        var merged = memory.change(heartbeat.instanceId(), agent -> {
            refused[0] = refuses(agent.ownerId(), reporter);
            return refused[0] ? agent : merge(agent, heartbeat, tokenId, reporter, at);
        });
        if (merged != null && refused[0]) {
            // memory may hold an owner the database no longer has (a deleted user's agents are unowned): ask it
            var stored = jdbi.withExtension(AgentDao.class, dao -> dao.findByInstanceId(heartbeat.instanceId()));
            if (stored.isPresent() && refuses(stored.get().ownerId(), reporter)) {
                throw refuse(stored.get(), reporter);
            }
            merged = memory.change(heartbeat.instanceId(), agent -> merge(agent.withOwner(
                    stored.map(AgentSummary::ownerId).orElse(null), stored.map(AgentSummary::ownerName).orElse(null)),
                    heartbeat, tokenId, reporter, at));
        }
        if (merged != null) {
            return new Agent(merged.summary(), merged.statistics(), merged.configurations());
        }
        AgentSummary stored;
        try {
            stored = upsert(heartbeat, tokenId, reporter, at);
        } catch (UnableToExecuteStatementException e) {
            // two first heartbeats of one instance at once: the loser's insert hits the unique key; now it updates
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            stored = upsert(heartbeat, tokenId, reporter, at);
        }
        if (refuses(stored.ownerId(), reporter)) {
            throw refuse(stored, reporter);
        }
        memory.remember(Known.of(stored));
        return new Agent(stored, heartbeat.statistics(), heartbeat.configurations());
    }

    /** Whether a heartbeat of {@code reporter}'s token is refused for an agent that belongs to {@code ownerId}. */
    private static boolean refuses(String ownerId, User reporter) {
        return reporter != null && ownerId != null && !ownerId.equals(reporter.id()) && !actsOnAnyAgent(reporter.role());
    }

    private static boolean actsOnAnyAgent(Role role) {
        return role == Role.OWNER || role == Role.ADMINISTRATOR;
    }

    /** Fields a heartbeat leaves out keep their earlier value, as the database update does; an owner stays. */
    private static Known merge(Known a, Heartbeat h, String tokenId, User reporter, Instant at) {
        boolean claims = a.ownerId() == null && reporter != null;
        return new Known(a.id(), a.instanceId(), or(h.hostname(), a.hostname()), or(h.version(), a.version()),
                or(h.status(), a.status()), a.firstSeenAt(), at, tokenId, claims ? reporter.id() : a.ownerId(),
                claims ? reporter.username() : a.ownerName(), or(h.statistics(), a.statistics()),
                or(h.configurations(), a.configurations()));
    }

    private static String or(String value, String earlier) {
        return value != null ? value : earlier;
    }

    /** Writes the heartbeat, unless the agent belongs to another user ({@code reporter} may not report for it). */
    private AgentSummary upsert(Heartbeat h, String tokenId, User reporter, Instant at) {
        var ownerId = reporter == null ? null : reporter.id();
        return jdbi.inTransaction(handle -> {
            var dao = handle.attach(AgentDao.class);
            var existing = dao.findByInstanceId(h.instanceId());
            if (existing.isPresent() && refuses(existing.get().ownerId(), reporter)) {
                return existing.get();
            }
            if (existing.isEmpty() || dao.update(h.instanceId(), h.hostname(), h.version(), h.status(), h.statistics(),
                    h.configurations(), at, tokenId, ownerId) == 0) {
                dao.insert(Ids.random(), h.instanceId(), h.hostname(), h.version(), h.status(), h.statistics(),
                        h.configurations(), at, tokenId, ownerId);
            }
            return dao.findByInstanceId(h.instanceId()).orElseThrow();
        });
    }

    /**
     * Audits the refused heartbeat (naming the token through the request's actor), at most once a minute per agent
     * and actor (a refused agent keeps reporting at its interval), and says why it is refused.
     */
    private RuleBroken refuse(AgentSummary agent, User reporter) {
        if (refusalsAudited.first(agent.id() + " " + Audit.nameOf(reporter), clock.instant())) {
            jdbi.useTransaction(handle -> audit.record(handle, reporter, Audit.nameOf(reporter),
                    AuditAction.AGENT_HEARTBEAT_REFUSED, Audit.FAILURE, Audit.AGENTS, Audit.one(agent.id()),
                    "heartbeat for " + agent.instanceId() + ", which belongs to another user"));
        }
        return RuleBroken.conflict(OWNED_BY_ANOTHER_USER, "instance_id", "Agent \u201c" + agent.instanceId()
                + "\u201d belongs to another user: only their tokens, or those of the Owner or an Administrator, may"
                + " report for it.");
    }

    /** Writes every agent heard from since the last flush, in one transaction. */
    public int flush() {
        return memory.flush();
    }

    @Override
    public void close() {
        memory.close();
    }

    /**
     * One page of agents, newest heartbeat first; never their statistics nor configurations. {@code viewer} is null
     * for an anonymous caller (DISABLED_AUTH_ENDPOINTS=agents), who sees no token's description.
     */
    public Page page(User viewer, AgentQuery query) {
        flush();
        return jdbi.withExtension(AgentDao.class, dao -> {
            var rows = dao.page(query.pattern(), query.limit(), query.offset());
            return new Page(query, rows.stream().map(agent -> listed(agent, viewer)).toList(), dao.count(query.pattern()));
        });
    }

    /** One agent with its statistics and configurations; 404 for an unknown or malformed id. */
    public Agent get(String id) {
        flush();
        var agent = summary(id);
        var contents = jdbi.withExtension(AgentDao.class, dao -> dao.contents(id)).orElseThrow(AgentService::notFound);
        return new Agent(agent, contents.statistics(), contents.configurations());
    }

    public AgentSummary summary(String id) {
        if (!Ids.isWellFormed(id)) {
            throw notFound();
        }
        return jdbi.withExtension(AgentDao.class, dao -> dao.findById(id)).orElseThrow(AgentService::notFound);
    }

    /** Whether {@code user} may delete agents: the Owner and Administrators (null: an anonymous caller, never). */
    public boolean mayDelete(User user) {
        return user != null && actsOnAnyAgent(user.role());
    }

    /** Refuses (403) anyone but the Owner and Administrators. */
    public void checkMayDelete(User user) {
        if (!mayDelete(user)) {
            throw new NotAllowed("Only the Owner or an Administrator may delete agents.");
        }
    }

    /** Deletes the agent (from the database and memory; its next heartbeat makes it anew) and returns what it was. */
    public AgentSummary delete(User actor, String id) {
        checkMayDelete(actor);
        var agent = summary(id);
        jdbi.useTransaction(handle -> {
            if (handle.attach(AgentDao.class).delete(id) == 0) {
                throw notFound();
            }
            audit.record(handle, actor, AuditAction.AGENT_DELETED, Audit.AGENTS, Audit.one(id), agent.instanceId());
        });
        memory.forget(agent.instanceId());
        return agent;
    }

    /**
     * A token the viewer may open (any for Owner and Administrators, their own for a Manager) is named and linked; any
     * other token shows only its id, and "—" means no token (a signed-in browser).
     */
    private static Listed listed(AgentSummary agent, User viewer) {
        if (agent.lastTokenId() == null) {
            return new Listed(agent, "\u2014", null);
        }
        if (viewer == null) {
            return new Listed(agent, agent.lastTokenId().strip(), null);
        }
        boolean exists = agent.lastTokenDescription() != null;
        var role = viewer.role();
        boolean visible = role.seesAllTokens() || (role.hasTokenPages() && viewer.id().equals(agent.lastTokenOwnerId()));
        if (exists && visible) {
            return new Listed(agent, agent.lastTokenDescription(), "/tokens/" + agent.lastTokenId());
        }
        return new Listed(agent, agent.lastTokenId().strip(), null);
    }

    private static NotFound notFound() {
        return new NotFound("There is no agent with this id.");
    }

    public Instant now() {
        return clock.instant();
    }
}
