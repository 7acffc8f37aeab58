package tokendesk.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last used at/from/agent, written coalesced: a request only puts its use in a map (latest wins), and a
 * background flush writes each used token once per interval, so 1,000 uses a second cost one write per token.
 */
public final class TokenUsage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUsage.class);
    private static final int MAX_FROM = 64;
    private static final int MAX_AGENT = 512;

    record Use(Instant at, String from, String agent) {
    }

    private final Jdbi jdbi;
    private final Map<String, Use> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    public TokenUsage(Jdbi jdbi, Duration interval) {
        this.jdbi = jdbi;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "token-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
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
        jdbi.useTransaction(handle -> {
            var dao = handle.attach(TokenDao.class);
            for (var entry : batch) {
                var use = entry.getValue();
                boolean first = dao.firstUsedAt(entry.getKey()).isEmpty();
                if (dao.recordUse(entry.getKey(), use.at(), use.from(), use.agent(), use.at()) == 1 && first) {
                    dao.insertEvent(entry.getKey(), use.at(), "first used", null,
                            "from " + use.from() + (use.agent() == null ? "" : " (" + use.agent() + ")"));
                }
            }
        });
        return batch.size();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record token use; will retry with the next use", e);
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public void close() {
        flusher.shutdown();
        flushQuietly();
    }
}
