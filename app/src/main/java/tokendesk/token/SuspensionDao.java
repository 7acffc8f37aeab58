package tokendesk.token;

import java.time.Instant;
import java.util.Collection;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;

/** The suspension columns of tokens (V17), written by {@link TokenSuspension}; TokenDao reads them with the row. */
interface SuspensionDao {
    @SqlBatch("UPDATE tokens SET suspended_at = :at, suspended_by = :actorId WHERE id = :id")
    void suspend(@Bind("id") Collection<String> ids, Instant at, String actorId);

    @SqlBatch("UPDATE tokens SET suspended_at = NULL, suspended_by = NULL WHERE id = :id")
    void resume(@Bind("id") Collection<String> ids);

    /** One history row per token ("suspended", "resumed"). */
    @SqlBatch("INSERT INTO token_events (token_id, at, kind, actor_id, detail) VALUES (:id, :at, :kind, :actorId, NULL)")
    void recordEvents(@Bind("id") Collection<String> ids, Instant at, String kind, String actorId);
}
