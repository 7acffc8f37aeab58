package tokendesk.token;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The tokens' expiry beyond the list: the once-only expiry notices. */
@RegisterConstructorMapper(ExpiryDao.Due.class)
interface ExpiryDao {
    /** Revoked, for queries on the token {@code t} without a join of its revocation. */
    String REVOKED = "EXISTS (SELECT 1 FROM token_revocations v WHERE v.token_id = t.id AND " + BulkJournal.IN_EFFECT + ")";
    /** Not revoked, expiring in the window, not suspended: owed an 'expiring' notice when it has none for its expiry. */
    String EXPIRING = " t.expires_at > :after AND t.expires_at <= :until AND t.suspended_at IS NULL AND NOT " + REVOKED;
    /** Not revoked and past its expiry (suspended or not): owed an 'expired' notice. */
    String EXPIRED = " t.expires_at > :after AND t.expires_at <= :until AND NOT " + REVOKED;
    String UNNOTICED = " AND NOT EXISTS (SELECT 1 FROM token_expiry_notices n WHERE n.token_id = t.id AND n.kind = :kind"
            + " AND n.expires_at = t.expires_at) ORDER BY t.expires_at, t.id LIMIT :max";
    /** The notice of one token, if it still meets the condition that follows for the expiry it was found with. */
    String INSERT = "INSERT INTO token_expiry_notices (token_id, kind, expires_at) SELECT t.id, :kind, t.expires_at FROM tokens t"
            + " WHERE t.id = :id AND t.expires_at = :expiresAt AND";

    /** A token owed a notice. */
    record Due(String id, String description, Instant expiresAt) {
    }

    /** Up to {@code max} tokens expiring in (after, until] without an 'expiring' notice: a range of the expiry index. */
    @SqlQuery("SELECT t.id, t.description, t.expires_at FROM tokens t WHERE" + EXPIRING + UNNOTICED)
    List<Due> dueExpiring(Instant after, Instant until, String kind, int max);

    /** Up to {@code max} tokens that expired in (after, until] without an 'expired' notice. */
    @SqlQuery("SELECT t.id, t.description, t.expires_at FROM tokens t WHERE" + EXPIRED + UNNOTICED)
    List<Due> dueExpired(Instant after, Instant until, String kind, int max);

    /** 1 when this call holds the notice now; 0 when the token no longer needs it. A notice already held fails. */
    @SqlUpdate(INSERT + EXPIRING)
    int holdExpiring(String id, Instant expiresAt, String kind, Instant after, Instant until);

    @SqlUpdate(INSERT + EXPIRED)
    int holdExpired(String id, Instant expiresAt, String kind, Instant after, Instant until);
}
