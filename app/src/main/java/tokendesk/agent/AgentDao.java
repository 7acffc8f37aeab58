package tokendesk.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The agents table. Lists never select statistics nor configurations: only {@link #contents} does. */
@RegisterConstructorMapper(AgentSummary.class)
public interface AgentDao {
    String SUMMARY = "SELECT a.id, a.instance_id, a.hostname, a.version, a.status, a.first_seen_at, a.last_heartbeat_at,"
            + " a.last_token_id, t.description AS last_token_description, t.owner_id AS last_token_owner_id, a.owner_id,"
            + " u.username AS owner_name"
            + " FROM agents a LEFT JOIN tokens t ON t.id = a.last_token_id LEFT JOIN users u ON u.id = a.owner_id";
    /** Instance id or hostname contains the search (a lower-case LIKE pattern, '!' escapes; "%" for all). */
    String MATCHING = " WHERE LOWER(a.instance_id) LIKE :pattern ESCAPE '!' OR LOWER(a.hostname) LIKE :pattern ESCAPE '!'";

    /** {@code :ownerId} while that user exists, else null (a user deleted since the heartbeat leaves it unowned). */
    String EXISTING_USER = "(SELECT u.id FROM users u WHERE u.id = :ownerId)";

    /** Fields a heartbeat leaves out keep their earlier value; an agent that belongs to someone keeps its owner. */
    @SqlUpdate("UPDATE agents SET hostname = COALESCE(:hostname, hostname), version = COALESCE(:version, version),"
            + " status = COALESCE(:status, status), statistics = COALESCE(:statistics, statistics),"
            + " configurations = COALESCE(:configurations, configurations), last_heartbeat_at = :at,"
            + " last_token_id = :tokenId, owner_id = COALESCE(owner_id, " + EXISTING_USER + ") WHERE instance_id = :instanceId")
    int update(String instanceId, String hostname, String version, String status, String statistics,
            String configurations, Instant at, String tokenId, String ownerId);

    @SqlUpdate("INSERT INTO agents (id, instance_id, hostname, version, status, statistics, configurations,"
            + " first_seen_at, last_heartbeat_at, last_token_id, owner_id) VALUES (:id, :instanceId, :hostname, :version,"
            + " :status, :statistics, :configurations, :at, :at, :tokenId, " + EXISTING_USER + ")")
    void insert(String id, String instanceId, String hostname, String version, String status, String statistics,
            String configurations, Instant at, String tokenId, String ownerId);

    @SqlQuery(SUMMARY + " WHERE a.instance_id = :instanceId")
    Optional<AgentSummary> findByInstanceId(String instanceId);

    @SqlQuery(SUMMARY + " WHERE a.id = :id")
    Optional<AgentSummary> findById(String id);

    /** The statistics and configurations of one agent, in that order. */
    @SqlQuery("SELECT statistics, configurations FROM agents WHERE id = :id")
    @RegisterConstructorMapper(Contents.class)
    Optional<Contents> contents(String id);

    @SqlQuery(SUMMARY + MATCHING + " ORDER BY a.last_heartbeat_at DESC, a.instance_id LIMIT :limit OFFSET :offset")
    List<AgentSummary> page(String pattern, int limit, long offset);

    @SqlQuery("SELECT COUNT(*) FROM agents a" + MATCHING)
    long count(String pattern);

    @SqlUpdate("DELETE FROM agents WHERE id = :id")
    int delete(String id);

    record Contents(String statistics, String configurations) {
    }
}
