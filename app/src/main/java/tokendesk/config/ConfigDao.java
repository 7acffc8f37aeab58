package tokendesk.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(StoredConfig.class)
@RegisterConstructorMapper(ConfigSummary.class)
public interface ConfigDao {
    String USERS = " FROM configs c LEFT JOIN users cu ON cu.id = c.created_by LEFT JOIN users uu ON uu.id = c.updated_by";

    @SqlUpdate("INSERT INTO configs (id, name, toml, created_at, updated_at, created_by, updated_by)"
            + " VALUES (:id, :name, :toml, :at, :at, :actorId, :actorId)")
    void insert(String id, String name, String toml, Instant at, String actorId);

    @SqlUpdate("UPDATE configs SET name = :name, toml = :toml, updated_at = :at, updated_by = :actorId WHERE id = :id")
    int update(String id, String name, String toml, Instant at, String actorId);

    @SqlUpdate("DELETE FROM configs WHERE id = :id")
    int delete(String id);

    @SqlQuery("SELECT c.id, c.name, c.toml, c.created_at, c.updated_at, cu.username AS created_by_name,"
            + " uu.username AS updated_by_name" + USERS + " WHERE c.id = :id")
    Optional<StoredConfig> findById(String id);

    @SqlQuery("SELECT COUNT(*) FROM configs WHERE name = :name AND id <> :exceptId")
    boolean nameTaken(String name, String exceptId);

    @SqlQuery("SELECT c.id, c.name, c.created_at, c.updated_at, cu.username AS created_by_name,"
            + " uu.username AS updated_by_name" + USERS + " ORDER BY c.name")
    List<ConfigSummary> listByName();
}
