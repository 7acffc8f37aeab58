package tokendesk.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(User.class)
public interface UserDao {
    String COLUMNS = "id, username, password_hash, role, disabled, failed_logins, locked_until, created_at";

    @SqlUpdate("INSERT INTO users (id, username, password_hash, role, created_at) "
            + "VALUES (:id, :username, :passwordHash, :role, :createdAt)")
    void insert(String id, String username, String passwordHash, Role role, Instant createdAt);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> findById(String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE username = :username")
    Optional<User> findByUsername(String username);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE role = 'OWNER'")
    Optional<User> findOwner();

    @SqlQuery("SELECT " + COLUMNS + " FROM users ORDER BY username")
    List<User> listAll();

    @SqlUpdate("UPDATE users SET failed_logins = :failedLogins, locked_until = :lockedUntil WHERE id = :id")
    void updateLoginFailures(String id, int failedLogins, Instant lockedUntil);
}
