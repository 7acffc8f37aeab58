package tokendesk.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import tokendesk.shared.PeriodicFlush;

/**
 * Last used at/from/agent, written coalesced: a request only puts its use in a map (latest wins), and a
 * background flush writes each used token once per interval, so 1,000 uses a second cost one write per token.
 */
public final class TokenUsage implements AutoCloseable {
    private static final int MAX_FROM = 64;
    private static final int MAX_AGENT = 512;

    record Use(Instant at, String from, String agent) {
    }

    private final Jdbi jdbi;
    private final Map<String, Use> pending = new ConcurrentHashMap<>();
    /** Uses of a previous value during its rotation window, by token id: that value's own last use. */
    private final Map<String, Use> pendingPrevious = new ConcurrentHashMap<>();
    private final PeriodicFlush flusher;

    public TokenUsage(Jdbi jdbi, Duration interval) {
        this.jdbi = jdbi;
        this.flusher = new PeriodicFlush("token-usage-flush", interval, this::flush);
    }

    /** Never blocks on the database. */
    public void record(String tokenId, Instant at, String from, String agent) {
        pending.put(tokenId, new Use(at, clip(from, MAX_FROM), clip(agent, MAX_AGENT)));
    }

    /** A use of the token's previous value (its rotation window open); never blocks on the database. */
    public void recordPrevious(String tokenId, Instant at, String from) {
        pendingPrevious.put(tokenId, new Use(at, clip(from, MAX_FROM), null));
    }

    /** Writes what is pending; returns how many tokens were written. */
    public int flush() {
        flushPrevious();
        var batch = drain(pending);
        if (batch.isEmpty()) {
            return 0;
        }
        jdbi.useTransaction(handle -> {
            var dao = handle.attach(TokenDao.class);
            for (var entry : batch) {
                var use = entry.getValue();
                boolean first = dao.firstUsedAt(entry.getKey()).isEmpty();
                if (dao.recordUse(entry.getKey(), use.at(), use.from(), use.agent(), use.at()) == 1 && first) {
                    handle.attach(TokenEventDao.class).insertEvent(entry.getKey(), use.at(), "first used", null,
                            "from " + use.from() + (use.agent() == null ? "" : " (" + use.agent() + ")"));
                }
            }
        });
        return batch.size();
    }

    private void flushPrevious() {
        var batch = drain(pendingPrevious);
        if (!batch.isEmpty()) {
            jdbi.useTransaction(handle -> batch.forEach(e ->
                    handle.attach(RotationDao.class).recordPreviousUse(e.getKey(), e.getValue().at(), e.getValue().from())));
        }
    }

    /**
     * Takes every pending use out of {@code uses}, in token id order, as the bulk changes: transactions locking many
     * token rows never deadlock. A use recorded meanwhile stays for the next flush.
     */
    private static List<Map.Entry<String, Use>> drain(Map<String, Use> uses) {
        var batch = new ArrayList<Map.Entry<String, Use>>();
        for (var id : uses.keySet()) {
            var use = uses.remove(id);
            if (use != null) {
                batch.add(Map.entry(id, use));
            }
        }
        batch.sort(Map.Entry.comparingByKey());
        return batch;
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public void close() {
        flusher.close();
    }
}
