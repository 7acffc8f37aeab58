package tokendesk.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The bulk-operation journal (see V8__bulk_operations.sql). */
@RegisterConstructorMapper(BulkOperationDao.Header.class)
public interface BulkOperationDao extends SqlObject {
    /** A journaled operation without its ids. */
    record Header(String id, String kind, String actorId, String actorName, String sourceIp, int tokenCount,
            Instant startedAt, String userId, String reason) {
    }

    @SqlBatch("INSERT INTO bulk_operation_parts (operation_id, part, token_ids) VALUES (:operationId, :part, :tokenIds)")
    void insertParts(@Bind("operationId") String operationId, @Bind("part") List<Integer> parts,
            @Bind("tokenIds") List<String> tokenIds);

    @SqlUpdate("INSERT INTO bulk_operations (id, kind, actor_id, actor_name, source_ip, token_count, started_at)"
            + " VALUES (:id, :kind, :actorId, :actorName, :sourceIp, :tokenCount, :startedAt)")
    void insert(String id, String kind, String actorId, String actorName, String sourceIp, int tokenCount,
            Instant startedAt);

    /** The user a DELETE_USER operation deletes (V13); a journal of tokens alone is written as before V13. */
    @SqlUpdate("UPDATE bulk_operations SET user_id = :userId WHERE id = :id")
    void setUser(String id, String userId);

    /** Why the server makes a revoke of its own (V22). */
    @SqlUpdate("UPDATE bulk_operations SET reason = :reason WHERE id = :id")
    void setReason(String id, String reason);

    @SqlQuery("SELECT id FROM bulk_operations ORDER BY started_at, id")
    List<String> ids();

    @SqlQuery("SELECT id FROM bulk_operations WHERE kind = :kind ORDER BY started_at, id")
    List<String> idsOf(String kind);

    /** The operation, its row locked until the transaction ends; empty once another transaction deleted it. */
    @SqlQuery("SELECT id, kind, actor_id, actor_name, source_ip, token_count, started_at, user_id, reason FROM bulk_operations"
            + " WHERE id = :id FOR UPDATE")
    Optional<Header> lock(String id);

    @SqlQuery("SELECT token_ids FROM bulk_operation_parts WHERE operation_id = :id ORDER BY part")
    List<String> parts(String id);

    default void delete(String id) {
        getHandle().execute("DELETE FROM bulk_operation_parts WHERE operation_id = ?", id);
        getHandle().execute("DELETE FROM bulk_operations WHERE id = ?", id);
    }

    /** Parts a crash left without their header (the journal write did not commit): never started, nothing to do. */
    @SqlUpdate("DELETE FROM bulk_operation_parts WHERE operation_id NOT IN (SELECT id FROM bulk_operations)")
    int deleteHeadless();
}
