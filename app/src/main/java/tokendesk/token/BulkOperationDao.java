package tokendesk.token;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The bulk-operation journal (see V7__bulk_operations.sql). */
@RegisterConstructorMapper(BulkOperation.class)
public interface BulkOperationDao extends SqlObject {
    @SqlUpdate("INSERT INTO bulk_operations (id, kind, actor_id, actor_name, source_ip, token_ids, started_at)"
            + " VALUES (:id, :kind, :actorId, :actorName, :sourceIp, :tokenIds, :startedAt)")
    void insert(@BindMethods BulkOperation operation);

    @SqlQuery("SELECT id FROM bulk_operations ORDER BY started_at, id")
    List<String> ids();

    /** The operation, its row locked until the transaction ends; empty once another transaction deleted it. */
    @SqlQuery("SELECT id, kind, actor_id, actor_name, source_ip, token_ids, started_at FROM bulk_operations"
            + " WHERE id = :id FOR UPDATE")
    Optional<BulkOperation> lock(String id);

    @SqlUpdate("DELETE FROM bulk_operations WHERE id = :id")
    int delete(String id);
}
