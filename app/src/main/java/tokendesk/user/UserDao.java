package tokendesk.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(User.class)
@RegisterConstructorMapper(UserRow.class)
public interface UserDao {
    String COLUMNS = "id, username, password_hash, role, disabled, failed_logins, locked_until, created_at, session_version";

    @SqlUpdate("INSERT INTO users (id, username, password_hash, role, created_at) "
            + "VALUES (:id, :username, :passwordHash, :role, :createdAt)")
    void insert(String id, String username, String passwordHash, Role role, Instant createdAt);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> findById(String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id FOR UPDATE")
    Optional<User> lockById(String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE username = :username")
    Optional<User> findByUsername(String username);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE role = 'OWNER'")
    Optional<User> findOwner();

    @SqlQuery("SELECT " + COLUMNS + " FROM users ORDER BY username")
    List<User> listAll();

    @SqlQuery("SELECT u.id, u.username, u.role, u.disabled, u.locked_until, u.created_at,"
            + " (SELECT COUNT(*) FROM tokens t WHERE t.owner_id = u.id) AS token_count"
            + " FROM users u ORDER BY u.username")
    List<UserRow> listWithTokenCounts();

    @SqlUpdate("UPDATE users SET failed_logins = :failedLogins, locked_until = :lockedUntil WHERE id = :id")
    void updateLoginFailures(String id, int failedLogins, Instant lockedUntil);

    @SqlUpdate("UPDATE users SET role = :role, session_version = session_version + 1 WHERE id = :id")
    void updateRole(String id, Role role);

    @SqlUpdate("UPDATE users SET disabled = :disabled, session_version = session_version + 1 WHERE id = :id")
    void updateDisabled(String id, boolean disabled);

    @SqlUpdate("UPDATE users SET password_hash = :passwordHash, failed_logins = 0, locked_until = NULL,"
            + " session_version = session_version + 1 WHERE id = :id")
    void updatePassword(String id, String passwordHash);

    @SqlUpdate("DELETE FROM users WHERE id = :id")
    int delete(String id);

    /** Ids of the users whose name matches the LIKE pattern (lower case, '!' escapes). */
    @SqlQuery("SELECT id FROM users WHERE LOWER(username) LIKE :pattern ESCAPE '!'")
    List<String> idsNamedLike(String pattern);
}
