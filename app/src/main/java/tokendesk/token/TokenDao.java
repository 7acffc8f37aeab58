package tokendesk.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import tokendesk.permission.PermissionSet;

@RegisterConstructorMapper(Token.class)
@RegisterConstructorMapper(TokenEvent.class)
public interface TokenDao extends SqlObject {
    String SELECT = "SELECT t.id, t.description, t.hint, t.owner_id, o.username AS owner_name, o.role AS owner_role,"
            + " o.disabled AS owner_disabled, t.permissions,"
            + " t.created_at, t.created_by, c.username AS created_by_name, t.expires_at, t.status, t.revoked_at,"
            + " t.revoked_by, r.username AS revoked_by_name, t.first_used_at, t.last_used_at, t.last_used_from,"
            + " t.last_used_agent, t.source"
            // LEFT JOIN although every token has an owner: it keeps H2 driving from tokens, so a sort can walk an index
            + " FROM tokens t LEFT JOIN users o ON o.id = t.owner_id"
            + " LEFT JOIN users c ON c.id = t.created_by LEFT JOIN users r ON r.id = t.revoked_by";

    @SqlUpdate("INSERT INTO tokens (id, description, digest, hint, owner_id, permissions, created_at, created_by,"
            + " expires_at, status, source) VALUES (:id, :description, :digest, :hint, :ownerId, :permissions,"
            + " :createdAt, :createdBy, :expiresAt, 'ACTIVE', :source)")
    void insert(String id, String description, String digest, String hint, String ownerId, PermissionSet permissions,
            Instant createdAt, String createdBy, Instant expiresAt, TokenSource source);

    @SqlQuery(SELECT + " WHERE t.id = :id")
    Optional<Token> findById(String id);

    @SqlQuery("SELECT id FROM tokens WHERE source = 'BOOTSTRAP' AND status = 'ACTIVE' AND id <> :keep")
    List<String> activeBootstrapIdsExcept(String keep);

    @SqlQuery(SELECT + " WHERE t.digest = :digest")
    Optional<Token> findByDigest(String digest);

    /** Last use; first use only once. Returns 0 when the token is gone. */
    @SqlUpdate("UPDATE tokens SET last_used_at = :at, last_used_from = :from, last_used_agent = :agent,"
            + " first_used_at = COALESCE(first_used_at, :firstAt) WHERE id = :id")
    int recordUse(String id, Instant at, String from, String agent, Instant firstAt);

    @SqlQuery("SELECT first_used_at FROM tokens WHERE id = :id")
    Optional<Instant> firstUsedAt(String id);

    @SqlQuery(SELECT + " WHERE t.id IN (<ids>)")
    List<Token> findByIds(@BindList("ids") Collection<String> ids);

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE id = :id")
    boolean idExists(String id);

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE description = :description")
    boolean descriptionExists(String description);

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE digest = :digest")
    boolean digestExists(String digest);

    @SqlUpdate("UPDATE tokens SET status = 'REVOKED', revoked_at = :at, revoked_by = :actorId"
            + " WHERE id IN (<ids>) AND status = 'ACTIVE'")
    int revoke(@BindList("ids") Collection<String> ids, Instant at, String actorId);

    @SqlUpdate("UPDATE tokens SET owner_id = :ownerId, permissions = :permissions WHERE id = :id")
    void reassign(String id, String ownerId, PermissionSet permissions);

    @SqlUpdate("DELETE FROM tokens WHERE id IN (<ids>)")
    int delete(@BindList("ids") Collection<String> ids);

    @SqlUpdate("INSERT INTO token_events (token_id, at, kind, actor_id, detail) VALUES (:tokenId, :at, :kind, :actorId, :detail)")
    void insertEvent(String tokenId, Instant at, String kind, String actorId, String detail);

    /** One event of the same kind for each token, sent as one JDBC batch. */
    @SqlBatch("INSERT INTO token_events (token_id, at, kind, actor_id, detail) VALUES (:tokenId, :at, :kind, :actorId, NULL)")
    void insertEvents(@Bind("tokenId") List<String> tokenIds, @Bind("at") Instant at, @Bind("kind") String kind,
            @Bind("actorId") String actorId);

    @SqlQuery("SELECT e.at, e.kind, u.username AS actor_name, e.detail FROM token_events e"
            + " LEFT JOIN users u ON u.id = e.actor_id WHERE e.token_id = :tokenId ORDER BY e.at, e.id")
    List<TokenEvent> events(String tokenId);

    /** One page of the list, within {@code scopeOwnerId} when it is not null (a Manager sees only their own). */
    default List<Token> list(TokenListQuery query, String scopeOwnerId, Instant now) {
        var sql = new StringBuilder(SELECT);
        var where = new ListFilter(query, scopeOwnerId);
        sql.append(where.sql());
        var dir = query.descending() ? " DESC" : " ASC";
        sql.append(" ORDER BY ").append(query.sort().column()).append(dir)
                .append(query.descending() ? " NULLS LAST" : " NULLS FIRST")
                .append(", t.id").append(dir)
                .append(" LIMIT :limit OFFSET :offset");
        var statement = getHandle().createQuery(sql.toString())
                .bind("limit", query.limit())
                .bind("offset", query.offset());
        where.bind(statement, now);
        return statement.mapTo(Token.class).list();
    }

    default int count(TokenListQuery query, String scopeOwnerId, Instant now) {
        var where = new ListFilter(query, scopeOwnerId);
        // the owner is only needed to search by owner name
        var from = query.q().isEmpty() ? "SELECT COUNT(*) FROM tokens t"
                : "SELECT COUNT(*) FROM tokens t LEFT JOIN users o ON o.id = t.owner_id";
        var statement = getHandle().createQuery(from + where.sql());
        where.bind(statement, now);
        return statement.mapTo(Integer.class).one();
    }
}
