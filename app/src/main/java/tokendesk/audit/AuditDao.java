package tokendesk.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AuditEvent.class)
public interface AuditDao extends SqlObject {
    String COLUMNS = "SELECT id, at, actor_id, actor_name, action, target_type, target_ids, target_count, outcome,"
            + " source_ip, detail FROM audit_events";

    @SqlUpdate("INSERT INTO audit_events (at, actor_id, actor_name, action, target_type, target_ids, target_count,"
            + " outcome, source_ip, detail, operation_id) VALUES (:at, :actorId, :actorName, :action, :targetType,"
            + " :targetIds, :targetCount, :outcome, :sourceIp, :detail, :operationId)")
    @GetGeneratedKeys("id")
    long insert(Instant at, String actorId, String actorName, String action, String targetType, String targetIds,
            int targetCount, String outcome, String sourceIp, String detail, String operationId);

    @SqlQuery("SELECT COUNT(*) FROM audit_events WHERE operation_id = :operationId")
    boolean operationRecorded(String operationId);

    default List<AuditEvent> page(AuditQuery query) {
        var statement = getHandle().createQuery(COLUMNS + query.where() + " ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("limit", AuditQuery.PAGE_SIZE)
                .bind("offset", query.offset());
        query.bind(statement);
        return statement.mapTo(AuditEvent.class).list();
    }

    default int count(AuditQuery query) {
        var statement = getHandle().createQuery("SELECT COUNT(*) FROM audit_events" + query.where());
        query.bind(statement);
        return statement.mapTo(Integer.class).one();
    }

    /** Every matching event, newest first, one at a time (an export may be large). */
    default void forEach(AuditQuery query, Consumer<AuditEvent> each) {
        var statement = getHandle().createQuery(COLUMNS + query.where() + " ORDER BY at DESC, id DESC").setFetchSize(500);
        query.bind(statement);
        try (var events = statement.mapTo(AuditEvent.class).stream()) {
            events.forEach(each);
        }
    }

    @SqlQuery("SELECT DISTINCT actor_name FROM audit_events WHERE actor_name IS NOT NULL ORDER BY actor_name")
    List<String> actorNames();
}
