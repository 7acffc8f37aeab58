package tokendesk.token;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TOKEN_REVOKE_UNUSED_DAYS (SPEC §10.3): at start and once a day, active tokens unused for that many days are
 * revoked by the server itself ("(system)") with the reason "Unused for N days": one journaled bulk revoke a run, so
 * all or nothing and one audit event. Several instances may each run it; a token revoked by one is not listed again.
 */
public final class UnusedTokens implements AutoCloseable {
    static final Duration EVERY = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(UnusedTokens.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final BulkChanges bulkChanges;
    private final int days;
    private ScheduledExecutorService daily;

    public UnusedTokens(Jdbi jdbi, Clock clock, BulkChanges bulkChanges, int days) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.bulkChanges = bulkChanges;
        this.days = days;
    }

    /** Revokes the tokens unused for the days set; returns how many it revoked. */
    public int revokeNow() {
        var now = clock.instant();
        var ids = jdbi.withExtension(UnusedTokenDao.class, dao -> dao.unusedActiveIds(now.minus(Duration.ofDays(days)), now));
        if (ids.isEmpty()) {
            return 0;
        }
        int revoked = bulkChanges.revokeForReason(ids, now, "Unused for " + days + " days");
        LOG.info("Revoked {} tokens unused for {} days", revoked, days);
        return revoked;
    }

    /** Runs {@link #revokeNow} once a day from now on, on a daemon thread. */
    public void runDaily() {
        daily = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "revoke-unused-tokens");
            thread.setDaemon(true);
            return thread;
        });
        daily.scheduleAtFixedRate(() -> {
            try {
                revokeNow();
            } catch (RuntimeException e) {
                LOG.warn("Revoking unused tokens failed; tomorrow's run tries again", e);
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (daily != null) {
            daily.shutdownNow();
        }
    }
}
