package tokendesk.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private final PeriodicFlush flusher;

    public TokenUsage(Jdbi jdbi, Duration interval) {
        this.jdbi = jdbi;
        this.flusher = new PeriodicFlush("token-usage-flush", interval, this::flush);
    }

    /** Never blocks on the database. */
    public void record(String tokenId, Instant at, String from, String agent) {
        pending.put(tokenId, new Use(at, clip(from, MAX_FROM), clip(agent, MAX_AGENT)));
    }

    /** Writes what is pending; returns how many tokens were written. */
    public int flush() {
        var batch = new ArrayList<Map.Entry<String, Use>>();
        for (var id : pending.keySet()) {
            var use = pending.remove(id);
            if (use != null) {
                batch.add(Map.entry(id, use));
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        // id order, as the bulk changes in TokenService: transactions locking many token rows never deadlock
        batch.sort(Map.Entry.comparingByKey());
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

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public void close() {
        flusher.close();
    }
}
