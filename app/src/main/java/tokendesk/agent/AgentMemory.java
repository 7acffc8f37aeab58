package tokendesk.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import tokendesk.shared.PeriodicFlush;

/**
 * The agents heard from lately, held so their heartbeats can be written behind. Memory stays bounded in three ways:
 * an agent holds its small fields, plus its statistics and configurations only until they are written (each bounded by
 * {@link Heartbeat#MAX_CONTAINER_BYTES}); unwritten ones together stay under {@link #PENDING_BUDGET}, past which the
 * heartbeat that crosses it flushes; and at most {@link #MAX_AGENTS} agents are held, those not heard from for
 * {@link #IDLE} leaving at the next flush. An agent leaves memory only once written (never the database), and an
 * agent memory has no room for is written at each heartbeat instead.
 *
 * <p>Every change of an entry and every decision to drop it happens inside the map's per-key compute, and an entry
 * is marked dirty inside the compute that changed it, so a flush never loses a heartbeat that raced with it.
 */
final class AgentMemory implements AutoCloseable {
    static final int MAX_AGENTS = 10_000;
    static final Duration IDLE = Duration.ofMinutes(15);
    /** Characters of unwritten statistics and configurations, all agents together. */
    static final long PENDING_BUDGET = 4L * 1024 * 1024;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicLong pending = new AtomicLong();
    private final PeriodicFlush flusher;

    AgentMemory(Jdbi jdbi, Clock clock, Duration flushInterval) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.flusher = new PeriodicFlush("agent-heartbeat-flush", flushInterval, this::flush);
    }

    /**
     * What memory holds of an agent: its summary's fields (but the token's description), and statistics and
     * configurations that are not written yet (null once written, or when the heartbeats since sent none).
     */
    record Known(String id, String instanceId, String hostname, String version, String status, Instant firstSeenAt,
            Instant lastHeartbeatAt, String lastTokenId, String ownerId, String ownerName, String statistics,
            String configurations) {

        static Known of(AgentSummary a) {
            return new Known(a.id(), a.instanceId(), a.hostname(), a.version(), a.status(), a.firstSeenAt(),
                    a.lastHeartbeatAt(), a.lastTokenId(), a.ownerId(), a.ownerName(), null, null);
        }

        Known written() {
            return new Known(id, instanceId, hostname, version, status, firstSeenAt, lastHeartbeatAt, lastTokenId,
                    ownerId, ownerName, null, null);
        }

        Known withOwner(String otherId, String otherName) {
            return new Known(id, instanceId, hostname, version, status, firstSeenAt, lastHeartbeatAt, lastTokenId,
                    otherId, otherName, statistics, configurations);
        }

        AgentSummary summary() {
            return new AgentSummary(id, instanceId, hostname, version, status, firstSeenAt, lastHeartbeatAt, lastTokenId,
                    null, null, ownerId, ownerName);
        }

        long pendingSize() {
            return (statistics == null ? 0 : statistics.length()) + (configurations == null ? 0 : configurations.length());
        }
    }

    /**
     * Applies {@code change} to the agent in memory and returns the result, or null when memory does not hold it.
     * A change that returns its argument leaves the agent as it was (and not dirty).
     */
    Known change(String instanceId, UnaryOperator<Known> change) {
        var result = known.computeIfPresent(instanceId, (id, before) -> {
            var after = change.apply(before);
            if (after != before) {
                pending.addAndGet(after.pendingSize() - before.pendingSize());
                dirty.add(id);
            }
            return after;
        });
        if (pending.get() > PENDING_BUDGET) {
            flush();
        }
        return result;
    }

    /** Holds an agent just written (an earlier holder wins), unless memory is full. */
    void remember(Known agent) {
        if (known.size() < MAX_AGENTS) {
            known.putIfAbsent(agent.instanceId(), agent.written());
        }
    }

    /** Drops an agent that no longer exists, written or not. */
    void forget(String instanceId) {
        known.computeIfPresent(instanceId, (id, agent) -> {
            dirty.remove(id);
            pending.addAndGet(-agent.pendingSize());
            return null;
        });
    }

    int size() {
        return known.size();
    }

    /**
     * Writes every agent heard from since the last flush in one transaction, then drops what was written (their
     * statistics and configurations, and agents idle for {@link #IDLE}). A failed write leaves them dirty for the next.
     */
    synchronized int flush() {
        var batch = new ArrayList<Known>();
        for (var instanceId : List.copyOf(dirty)) {
            dirty.remove(instanceId);
            var agent = known.get(instanceId);
            if (agent != null) {
                batch.add(agent);
            }
        }
        if (!batch.isEmpty()) {
            try {
                jdbi.useTransaction(handle -> {
                    var dao = handle.attach(AgentDao.class);
                    for (var a : batch) {
                        dao.update(a.instanceId(), a.hostname(), a.version(), a.status(), a.statistics(),
                                a.configurations(), a.lastHeartbeatAt(), a.lastTokenId(), a.ownerId());
                    }
                });
            } catch (RuntimeException e) {
                batch.forEach(a -> dirty.add(a.instanceId()));
                throw e;
            }
            for (var a : batch) {
                known.computeIfPresent(a.instanceId(), (id, now) -> dirty.contains(id) ? now : release(now, now.written()));
            }
        }
        evictIdle();
        return batch.size();
    }

    private void evictIdle() {
        var cutoff = clock.instant().minus(IDLE);
        for (var agent : known.values()) {
            if (agent.lastHeartbeatAt().isBefore(cutoff)) {
                known.computeIfPresent(agent.instanceId(), (id, now) ->
                        dirty.contains(id) || !now.lastHeartbeatAt().isBefore(cutoff) ? now : release(now, null));
            }
        }
    }

    private Known release(Known before, Known after) {
        pending.addAndGet((after == null ? 0 : after.pendingSize()) - before.pendingSize());
        return after;
    }

    @Override
    public void close() {
        flusher.close();
    }
}
