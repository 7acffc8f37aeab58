package tokendesk.token;

import java.time.Instant;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The tokens counted by state for the metrics, each count from index ranges rather than a lookup per token. */
interface TokenCountDao {
    @SqlQuery("SELECT COUNT(*) FROM tokens")
    long countAll();

    @SqlQuery("SELECT (SELECT COUNT(*) FROM token_revocations v)" + BulkJournal.LESS_PENDING_START
            + "(SELECT COUNT(*) FROM token_revocations v WHERE " + BulkJournal.PENDING + ")" + BulkJournal.LESS_PENDING_END)
    long countRevoked();

    /**
     * Expired and not revoked: the expired less the revoked among them, two index ranges instead of a revocation
     * lookup per expired token.
     */
    default long countExpired(Instant now) {
        return countPastExpiry(now) - countRevokedPastExpiry(now);
    }

    @SqlQuery("SELECT COUNT(*) FROM tokens t WHERE " + ListFilter.PAST_EXPIRY)
    long countPastExpiry(Instant now);

    @SqlQuery("SELECT (SELECT COUNT(*) FROM token_revocations v JOIN tokens t ON t.id = v.token_id WHERE "
            + ListFilter.PAST_EXPIRY + ")" + BulkJournal.LESS_PENDING_START
            + "(SELECT COUNT(*) FROM token_revocations v JOIN tokens t ON t.id = v.token_id WHERE " + ListFilter.PAST_EXPIRY
            + " AND " + BulkJournal.PENDING + ")" + BulkJournal.LESS_PENDING_END)
    long countRevokedPastExpiry(Instant now);

    /** Suspended and not revoked, expired or not: the "Suspended" badge and filter. */
    @SqlQuery("SELECT COUNT(*) FROM tokens t WHERE " + ListFilter.IS_SUSPENDED + " AND NOT " + ExpiryDao.REVOKED)
    long countSuspended();

    /** Those of them past their expiry (the expired count holds them, the badge shows "Suspended"). */
    @SqlQuery("SELECT COUNT(*) FROM tokens t WHERE " + ListFilter.PAST_EXPIRY + " AND " + ListFilter.IS_SUSPENDED
            + " AND NOT " + ExpiryDao.REVOKED)
    long countSuspendedPastExpiry(Instant now);
}
