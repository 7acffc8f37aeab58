package tokendesk.events;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The outbox and the sinks' leases and delivery state. */
@RegisterConstructorMapper(OutboundEvent.Row.class)
@RegisterConstructorMapper(SinkState.class)
interface EventDao {
    @SqlUpdate("INSERT INTO event_outbox (sink, event_id) VALUES (:sink, :eventId)")
    void enqueue(String sink, long eventId);

    /** Takes or renews the lease of {@code sink} for {@code holder}; 1 when this instance holds it now. */
    @SqlUpdate("UPDATE event_sinks SET holder = :holder, lease_until = :until WHERE name = :sink"
            + " AND (holder = :holder OR holder IS NULL OR lease_until < :now)")
    int lease(String sink, String holder, Instant now, Instant until);

    @SqlUpdate("UPDATE event_sinks SET lease_until = NULL, holder = NULL WHERE name = :sink AND holder = :holder")
    void release(String sink, String holder);

    /** The oldest waiting events of {@code sink}, in the order they were recorded. */
    @SqlQuery("SELECT e.id, e.at, e.actor_name, e.action, e.target_ids, e.outcome, e.source_ip, e.detail"
            + " FROM event_outbox o JOIN audit_events e ON e.id = o.event_id"
            + " WHERE o.sink = :sink ORDER BY o.event_id LIMIT :limit")
    List<OutboundEvent.Row> next(String sink, int limit);

    @SqlUpdate("DELETE FROM event_outbox WHERE sink = :sink AND event_id = :eventId")
    void delivered(String sink, long eventId);

    @SqlUpdate("UPDATE event_sinks SET failures = failures + 1, retry_at = :retryAt, last_error = :error,"
            + " last_error_at = :at WHERE name = :sink")
    void failed(String sink, Instant at, Instant retryAt, String error);

    @SqlUpdate("UPDATE event_sinks SET failures = 0, retry_at = NULL WHERE name = :sink")
    void recovered(String sink);

    @SqlQuery("SELECT s.name, s.failures, s.retry_at, s.last_error, s.last_error_at,"
            + " (SELECT COUNT(*) FROM event_outbox o WHERE o.sink = s.name) AS waiting"
            + " FROM event_sinks s WHERE s.name IN (<sinks>) ORDER BY s.name")
    List<SinkState> states(@BindList("sinks") List<String> sinks);

    @SqlQuery("SELECT s.name, s.failures, s.retry_at, s.last_error, s.last_error_at, 0 AS waiting"
            + " FROM event_sinks s WHERE s.name = :sink")
    SinkState state(String sink);
}
