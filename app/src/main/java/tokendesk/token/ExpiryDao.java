package tokendesk.token;

import java.time.Instant;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The tokens' expiry beyond the list: the suspended ones' share of the metrics, and the once-only expiry notices. */
interface ExpiryDao {
    /** Suspended and not revoked, expired or not: the "Suspended" badge and filter. */
    @SqlQuery("SELECT COUNT(*) FROM tokens t WHERE t.suspended_at IS NOT NULL AND NOT " + TokenDao.REVOKED)
    long countSuspended();

    /** Those of them past their expiry (the expired count holds them, the badge shows "Suspended"). */
    @SqlQuery("SELECT COUNT(*) FROM tokens t WHERE t.expires_at <= :now AND t.suspended_at IS NOT NULL AND NOT "
            + TokenDao.REVOKED)
    long countSuspendedPastExpiry(Instant now);
}
