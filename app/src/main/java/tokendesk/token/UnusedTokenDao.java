package tokendesk.token;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The tokens TOKEN_REVOKE_UNUSED_DAYS revokes. */
interface UnusedTokenDao {
    /**
     * Active tokens (not revoked, suspended or expired) last used, or if never used created, at or before {@code since}, in id
     * order; the bootstrap token is exempt (OWNER_TOKEN is the way back in).
     */
    @SqlQuery("SELECT t.id FROM tokens t WHERE t.source <> 'BOOTSTRAP' AND COALESCE(t.last_used_at, t.created_at) <= :since"
            + " AND t.suspended_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > :now)"
            + " AND NOT EXISTS (SELECT 1 FROM token_revocations v WHERE v.token_id = t.id) ORDER BY t.id")
    List<String> unusedActiveIds(Instant since, Instant now);
}
