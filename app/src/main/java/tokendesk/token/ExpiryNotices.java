package tokendesk.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;

/**
 * The once-only expiry notices (SPEC 9.3): a token that enters the warning window while active (not revoked, not
 * suspended) gets one {@code token.expiring} audit event, and one {@code token.expired} once past its expiry unless
 * revoked, by "(system)", with the expiry in the detail; the event sinks send them (SPEC 10.2). A suspended token gets
 * {@code token.expired} too: resuming it can no longer make it work (SPEC 9.2), which a receiver should know.
 *
 * <p>Each notice is a row of token_expiry_notices keyed by token, kind and expiry, inserted in the event's
 * transaction: of instances scanning at once, the one whose row commits first sends it; the others' inserts fail on
 * the key, and each such notice alone is rolled back to its savepoint and skipped. A restart finds the rows. A rotation
 * with a new expiry is a new key, so the token is warned again.
 *
 * <p>Scans run at start and every minute, each a few ranges of the expiry index in batches of {@link #BATCH}. An
 * expiry more than {@link #LOOKBACK} before the scan is not announced any more (a server down that long, or the first
 * start of this version, does not announce every token that ever expired). A token found already expired gets only
 * {@code token.expired}.
 */
public final class ExpiryNotices implements AutoCloseable {
    static final Duration EVERY = Duration.ofMinutes(1);
    static final Duration LOOKBACK = Duration.ofDays(7);
    static final int BATCH = 500;
    private static final String EXPIRING = "expiring";
    private static final String EXPIRED = "expired";
    private static final String SAVEPOINT = "expiry_notice";
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryNotices.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Audit audit;
    private final TokenPolicy policy;
    private volatile ScheduledExecutorService scans;

    public ExpiryNotices(Jdbi jdbi, Clock clock, Audit audit, TokenPolicy policy) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
        this.policy = policy;
    }

    /** Sends the notices due now; returns how many this instance sent. */
    public int scanNow() {
        var now = clock.instant();
        return scan(EXPIRING, now, policy.expiryWindow(now).end()) + scan(EXPIRED, now.minus(LOOKBACK), now);
    }

    /** One kind's notices for the expiries in (after, until], a batch a transaction. */
    private int scan(String kind, Instant after, Instant until) {
        int sent = 0;
        while (true) {
            var due = jdbi.withExtension(ExpiryDao.class, dao -> EXPIRING.equals(kind)
                    ? dao.dueExpiring(after, until, kind, BATCH) : dao.dueExpired(after, until, kind, BATCH));
            if (due.isEmpty()) {
                return sent;
            }
            int batch = jdbi.inTransaction(handle -> send(handle, kind, due, after, until));
            sent += batch;
            // a batch another instance took whole (or one that failed whole) ends this scan; the next one goes on
            if (due.size() < BATCH || batch == 0) {
                return sent;
            }
        }
    }

    private int send(Handle handle, String kind, List<ExpiryDao.Due> due, Instant after, Instant until) {
        var dao = handle.attach(ExpiryDao.class);
        var action = EXPIRING.equals(kind) ? AuditAction.TOKEN_EXPIRING : AuditAction.TOKEN_EXPIRED;
        int sent = 0;
        for (var token : due) {
            handle.savepoint(SAVEPOINT);
            try {
                int held = EXPIRING.equals(kind) ? dao.holdExpiring(token.id(), token.expiresAt(), kind, after, until)
                        : dao.holdExpired(token.id(), token.expiresAt(), kind, after, until);
                if (held == 1) {
                    audit.record(handle, null, action, Audit.TOKENS, Audit.one(token.id()),
                            "expiresAt=" + token.expiresAt() + "; " + token.description());
                    sent++;
                }
                handle.releaseSavepoint(SAVEPOINT);
            } catch (UnableToExecuteStatementException taken) {
                // another instance holds this notice (the key), or the token went meanwhile: this notice alone is undone
                handle.rollbackToSavepoint(SAVEPOINT);
                LOG.debug("Skipped the {} notice of token {}: {}", kind, token.id(), taken.getMessage());
            }
        }
        return sent;
    }

    /** A scan that fails is logged and left to the next one. */
    public void scanQuietly() {
        try {
            int sent = scanNow();
            if (sent > 0) {
                LOG.info("Sent {} token expiry notices", sent);
            }
        } catch (RuntimeException e) {
            LOG.warn("Scanning for token expiry notices failed; the next scan tries again", e);
        }
    }

    /** Scans every minute from now on, on a daemon thread. */
    public void runEveryMinute() {
        scans = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "expiry-notices");
            thread.setDaemon(true);
            return thread;
        });
        scans.scheduleWithFixedDelay(this::scanQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets a scan under way finish its batch (the database closes next), then stops. */
    @Override
    public void close() {
        if (scans == null) {
            return;
        }
        scans.shutdown();
        try {
            scans.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
