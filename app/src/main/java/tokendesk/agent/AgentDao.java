package tokendesk.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Agent.class)
public interface AgentDao {
    String SELECT = "SELECT a.id, a.instance_id, a.hostname, a.version, a.status, a.statistics, a.configurations,"
            + " a.first_seen_at, a.last_heartbeat_at, a.last_token_id, t.description AS last_token_description,"
            + " t.owner_id AS last_token_owner_id"
            + " FROM agents a LEFT JOIN tokens t ON t.id = a.last_token_id";

    /** Fields a heartbeat leaves out keep their earlier value. */
    @SqlUpdate("UPDATE agents SET hostname = COALESCE(:hostname, hostname), version = COALESCE(:version, version),"
            + " status = COALESCE(:status, status), statistics = COALESCE(:statistics, statistics),"
            + " configurations = COALESCE(:configurations, configurations), last_heartbeat_at = :at,"
            + " last_token_id = :tokenId WHERE instance_id = :instanceId")
    int update(String instanceId, String hostname, String version, String status, String statistics,
            String configurations, Instant at, String tokenId);

    @SqlUpdate("INSERT INTO agents (id, instance_id, hostname, version, status, statistics, configurations,"
            + " first_seen_at, last_heartbeat_at, last_token_id) VALUES (:id, :instanceId, :hostname, :version,"
            + " :status, :statistics, :configurations, :at, :at, :tokenId)")
    void insert(String id, String instanceId, String hostname, String version, String status, String statistics,
            String configurations, Instant at, String tokenId);

    @SqlQuery(SELECT + " WHERE a.instance_id = :instanceId")
    Optional<Agent> findByInstanceId(String instanceId);

    @SqlQuery(SELECT + " ORDER BY a.last_heartbeat_at DESC, a.instance_id")
    List<Agent> listByLastHeartbeat();
}
