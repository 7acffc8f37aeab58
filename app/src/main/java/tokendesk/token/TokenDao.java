package tokendesk.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import tokendesk.permission.PermissionSet;

@RegisterColumnMapper(PermissionSetColumns.Mapper.class)
@RegisterColumnMapper(PermissionSetColumns.AddressesMapper.class)
@RegisterArgumentFactory(PermissionSetColumns.Binder.class)
@RegisterConstructorMapper(Token.class)
public interface TokenDao extends SqlObject {
    /**
     * A token's status in the queries that join its revocation as {@code v}: revoked when it has one that counts
     * (the one definition of that is the bulk-change code's, {@link BulkJournal#IN_EFFECT}), else suspended while
     * it has a suspension.
     */
    String STATUS = "CASE WHEN v.token_id IS NOT NULL THEN 'REVOKED' WHEN t.suspended_at IS NOT NULL THEN 'SUSPENDED'"
            + " ELSE 'ACTIVE' END";
    /** That join, for queries that need it only to filter by status (see ListFilter). */
    String REVOCATION_JOIN = " LEFT JOIN token_revocations v ON v.token_id = t.id AND " + BulkJournal.IN_EFFECT;
    /** Not revoked, in the queries with that join: an anti-join, several times faster on H2 than NOT EXISTS per row. */
    String NOT_REVOKED_JOINED = "v.token_id IS NULL";
    /** Any revocation row of {@code t}, counted or not yet: for the writes. */
    String REVOCATION_ROW = "EXISTS (SELECT 1 FROM token_revocations v WHERE v.token_id = t.id)";
    String SELECT = "SELECT t.id, t.description, t.hint, t.owner_id, o.username AS owner_name, o.role AS owner_role,"
            + " o.disabled AS owner_disabled, " + TokenConfigDao.PERMISSIONS + ","
            + " t.created_at, t.created_by, c.username AS created_by_name, t.expires_at, " + STATUS + " AS status,"
            + " v.revoked_at, v.revoked_by, r.username AS revoked_by_name, v.reason AS revoked_reason, t.first_used_at,"
            + " t.last_used_at, t.last_used_from, t.last_used_agent, t.source, t.suspended_at, s.username AS suspended_by_name,"
            + " t.requested_permissions, t.previous_valid_until, t.previous_last_used_at, t.previous_last_used_from,"
            + " t.self_rotate, t.allowed_addresses"
            // LEFT JOIN although every token has an owner: it keeps H2 driving from tokens, so a sort can walk an index
            + " FROM tokens t LEFT JOIN users o ON o.id = t.owner_id LEFT JOIN users c ON c.id = t.created_by"
            + REVOCATION_JOIN + " LEFT JOIN users r ON r.id = v.revoked_by LEFT JOIN users s ON s.id = t.suspended_by";
    /** The ids bound as the array {@code :ids}, as rows {@code a(id)} (UNNEST: both H2 and PostgreSQL). */
    String IDS = " FROM UNNEST(:ids) AS a(id)";
    /**
     * The tokens {@code t} among those ids: one indexed join, however many ids (an IN list of thousands is slow in
     * H2). Queries on it are made with {@link #amongIds}.
     */
    String TOKENS_AMONG = IDS + " JOIN tokens t ON t.id = a.id";
    /** SELECT for pages of the list: without the configs tokens name, added for the page alone (NamedConfigs). */
    String SELECT_LIST = SELECT.replace(TokenConfigDao.PERMISSIONS, "t.permissions");
    /** SELECT_LIST limited to the tokens among the ids. */
    String SELECT_AMONG = SELECT_LIST.replace(" FROM tokens t ", TOKENS_AMONG + " ");

    @SqlUpdate("INSERT INTO tokens (id, description, digest, hint, owner_id, permissions, created_at, created_by,"
            + " expires_at, source, requested_permissions) VALUES (:id, :description, :digest, :hint, :ownerId,"
            + " :permissions, :createdAt, :createdBy, :expiresAt, :source, :requestedPermissions)")
    void insert(String id, String description, String digest, String hint, String ownerId, PermissionSet permissions,
            Instant createdAt, String createdBy, Instant expiresAt, TokenSource source, String requestedPermissions);

    @SqlUpdate("UPDATE token_revocations SET reason = :reason WHERE operation_id = :operationId AND reason IS NULL")
    void setRevocationReason(String operationId, String reason);

    /** {@code stored}: {@link AllowedAddresses#stored()}, null for anywhere. */
    @SqlUpdate("UPDATE tokens SET allowed_addresses = :stored WHERE id = :id")
    int setAllowedAddresses(String id, String stored);

    @SqlQuery(SELECT + " WHERE t.id = :id")
    Optional<Token> findById(String id);

    @SqlQuery("SELECT t.id FROM tokens t WHERE t.source = 'BOOTSTRAP' AND NOT " + REVOCATION_ROW + " AND t.id <> :keep")
    List<String> activeBootstrapIdsExcept(String keep);

    @SqlQuery(SELECT + " WHERE t.digest = :digest")
    Optional<Token> findByDigest(String digest);

    /** The token whose previous value (of a rotation, see TokenRotation) has this digest, its window open or not. */
    @SqlQuery(SELECT + " WHERE t.previous_digest = :digest")
    Optional<Token> findByPreviousDigest(String digest);

    /**
     * Last use; first use only once. Returns 0 when the token is gone, or when a later use is stored already
     * (another instance on the same database wrote it): the newest use wins, whatever order the writes come in.
     */
    @SqlUpdate("UPDATE tokens SET last_used_at = :at, last_used_from = :from, last_used_agent = :agent,"
            + " first_used_at = COALESCE(first_used_at, :firstAt) WHERE id = :id"
            + " AND (last_used_at IS NULL OR last_used_at <= :at)")
    int recordUse(String id, Instant at, String from, String agent, Instant firstAt);

    @SqlQuery("SELECT first_used_at FROM tokens WHERE id = :id")
    Optional<Instant> firstUsedAt(String id);

    /** The tokens among {@code ids}; one indexed join, however many ids (an IN list of thousands is slow in H2). */
    default List<Token> findByIds(Collection<String> ids) {
        return amongIds(getHandle(), SELECT.replace(" FROM tokens t ", TOKENS_AMONG + " "), ids).mapTo(Token.class).list();
    }

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE id = :id")
    boolean idExists(String id);

    /** Those of {@code ids} that are tokens, read from the primary key alone (UNNEST, as findByIds). */
    default List<String> existingIds(Collection<String> ids) {
        return amongIds(getHandle(), "SELECT t.id" + TOKENS_AMONG, ids).mapTo(String.class).list();
    }

    /** Those of {@code ids} that are tokens of {@code ownerId}. */
    default List<String> existingIdsOwnedBy(Collection<String> ids, String ownerId) {
        return amongIds(getHandle(), "SELECT t.id" + TOKENS_AMONG + " WHERE t.owner_id = :ownerId", ids)
                .bind("ownerId", ownerId)
                .mapTo(String.class).list();
    }

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE description = :description")
    boolean descriptionExists(String description);

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE digest = :digest")
    boolean digestExists(String digest);

    /**
     * Waits for, then holds until the transaction ends, the one lock every revoke and delete of tokens takes first:
     * with it, a revoke's check that a token exists and is not yet revoked stays true until its INSERT.
     */
    @SqlQuery("SELECT name FROM instance_locks WHERE name = 'token_changes' FOR UPDATE")
    String lockChanges();

    /**
     * Those of {@code ids} that are tokens without a revocation row (one that counts, or one of a bulk revoke still
     * under way, which will): one pass over the primary keys of both tables.
     */
    default List<String> revocable(Collection<String> ids) {
        return amongIds(getHandle(), "SELECT t.id" + TOKENS_AMONG + " WHERE NOT " + REVOCATION_ROW, ids)
                .mapTo(String.class).list();
    }

    /**
     * Revokes those of {@code ids} that are tokens not revoked yet, and returns them: one read, then one INSERT of
     * narrow rows, under {@link #lockChanges} (so nothing revokes or deletes them in between).
     */
    default List<String> revoke(Collection<String> ids, Instant at, String actorId) {
        return revoke(ids, at, actorId, null);
    }

    /**
     * The same for a step of the journaled bulk operation {@code operationId}: its rows count once the journal is
     * gone (see {@link BulkJournal#IN_EFFECT}).
     */
    default List<String> revoke(Collection<String> ids, Instant at, String actorId, String operationId) {
        lockChanges();
        var revocable = revocable(ids);
        if (revocable.isEmpty()) {
            return revocable;
        }
        getHandle().createUpdate("INSERT INTO token_revocations (token_id, revoked_at, revoked_by, operation_id)"
                        // revoked_by refers to users: an actor deleted since (a journaled revoke completed later) is none
                        + " SELECT a.id, CAST(:at AS TIMESTAMP WITH TIME ZONE),"
                        + " (SELECT u.id FROM users u WHERE u.id = CAST(:actorId AS CHAR(16))),"
                        + " CAST(:operationId AS CHAR(16))" + IDS)
                .bindArray("ids", String.class, revocable.stream().sorted().toList()) // key order: appends to the index
                .bind("at", at)
                .bind("actorId", actorId)
                .bind("operationId", operationId)
                .execute();
        return revocable;
    }

    /** Those of {@code ids} that the bulk operation {@code operationId} revoked (its rows, counted or not yet). */
    default List<String> revokedBy(Collection<String> ids, String operationId) {
        return amongIds(getHandle(), "SELECT v.token_id" + IDS
                        + " JOIN token_revocations v ON v.token_id = a.id WHERE v.operation_id = :operationId", ids)
                .bind("operationId", operationId)
                .mapTo(String.class).list();
    }

    @SqlUpdate("UPDATE tokens SET owner_id = :ownerId, permissions = :permissions WHERE id = :id")
    void reassign(String id, String ownerId, PermissionSet permissions);

    @SqlUpdate("UPDATE tokens SET description = :description WHERE id = :id")
    void updateDescription(String id, String description);

    /**
     * Deletes each of {@code ids} with its revocation and history, as JDBC batches, under {@link #lockChanges}, and
     * returns those that were there to delete.
     */
    default List<String> delete(List<String> ids) {
        if (ids.isEmpty()) {
            return ids;
        }
        lockChanges();
        deleteRevocations(ids);
        var counts = deleteRows(ids);
        return IntStream.range(0, ids.size()).filter(i -> counts[i] > 0).mapToObj(ids::get).toList();
    }

    /** token_revocations has no foreign key to cascade from tokens (see V9). */
    @SqlBatch("DELETE FROM token_revocations WHERE token_id = :id")
    int[] deleteRevocations(@Bind("id") Collection<String> ids);

    /** The rows alone (token_events go with them: ON DELETE CASCADE). */
    @SqlBatch("DELETE FROM tokens WHERE id = :id")
    int[] deleteRows(@Bind("id") Collection<String> ids);

    /** One page of the list. */
    default List<Token> list(ListFilter where, TokenListQuery query) {
        return page(getHandle(), SELECT_LIST, where, query).mapTo(Token.class).list();
    }

    /**
     * One page of the list, its ids read first, then the rows of those alone: for a filter one index holds with the
     * sort's column (H2's Suspended, V29), which finds the ids without reading a token row.
     */
    default List<Token> listIdsFirst(ListFilter where, TokenListQuery query) {
        var ids = page(getHandle(), "SELECT t.id FROM tokens t" + where.joins(), where, query).mapTo(String.class).list();
        return ids.isEmpty() ? List.of() : pageAmong(ids, where, query.withPage(1));
    }

    /**
     * Those of the first {@code walk} tokens in the query's order that pass the filter, one page of them: a prefix of
     * the order holds the page of the whole order whenever the page comes out whole.
     */
    default List<Token> listWithinFirst(int walk, ListFilter where, TokenListQuery query) {
        var first = " FROM (SELECT * FROM tokens t" + order(query) + " LIMIT :walk) t ";
        return page(getHandle(), SELECT_LIST.replace(" FROM tokens t ", first), where, query).bind("walk", walk)
                .mapTo(Token.class).list();
    }

    /** Ids of tokens whose description contains the pattern, at most {@code max}: read from (description, id) alone. */
    @SqlQuery("SELECT id FROM tokens WHERE LOWER(description) LIKE :pattern ESCAPE '!' LIMIT :max")
    List<String> idsDescribedLike(String pattern, int max);

    @SqlQuery("SELECT id FROM tokens WHERE owner_id = :ownerId ORDER BY id")
    List<String> idsOwnedBy(String ownerId);

    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE owner_id = :ownerId")
    int countOwnedBy(String ownerId);

    @SqlQuery("SELECT id FROM tokens WHERE owner_id IN (<owners>) LIMIT :max")
    List<String> idsOwnedByAny(@BindList("owners") Collection<String> owners, int max);

    /** How many tokens pass the filter, counted up to {@code bound}: the count stops there, however many match. */
    default int countUpTo(ListFilter where, int bound) {
        var sql = "SELECT COUNT(*) FROM (SELECT 1" + where.countFrom() + where.sql() + " LIMIT :bound) x";
        return where.bind(getHandle().createQuery(sql).bind("bound", bound)).mapTo(Integer.class).one();
    }

    /** The ids of {@link ListFilter#candidates()}, at most {@code max}; empty when the filter has none to read. */
    default Optional<List<String>> candidateIds(ListFilter where, int max) {
        return where.candidates().map(sql -> where.bindCandidates(getHandle().createQuery(sql).bind("max", max))
                .mapTo(String.class).list());
    }

    /** One page of those of the given tokens that pass the filter, sorted as the query asks. */
    default List<Token> pageAmong(Collection<String> ids, ListFilter where, TokenListQuery query) {
        return page(getHandle(), SELECT_AMONG, where, query).bindArray("ids", String.class, inKeyOrder(ids))
                .mapTo(Token.class).list();
    }

    default int countAmong(Collection<String> ids, ListFilter where) {
        var sql = "SELECT COUNT(*)" + TOKENS_AMONG + where.joins() + where.sql();
        return where.bind(amongIds(getHandle(), sql, ids)).mapTo(Integer.class).one();
    }

    /** A query over {@link #IDS}, the ids bound. */
    private static Query amongIds(Handle handle, String sql, Collection<String> ids) {
        return handle.createQuery(sql).bindArray("ids", String.class, inKeyOrder(ids));
    }

    /**
     * The ids sorted: H2 then looks them up in its primary key's order, each lookup near the one before (a count
     * among 10,000 took half the time at 100,000 tokens).
     */
    private static List<String> inKeyOrder(Collection<String> ids) {
        return ids.stream().sorted().toList();
    }

    /** {@code select} filtered, sorted and cut to the query's page, its filter and page bound. */
    private static Query page(Handle handle, String select, ListFilter where, TokenListQuery query) {
        var statement = handle.createQuery(select + where.sql() + order(query) + " LIMIT :limit OFFSET :offset")
                .bind("limit", query.limit())
                .bind("offset", query.offset());
        where.bind(statement);
        return statement;
    }

    private static String order(TokenListQuery query) {
        var dir = query.descending() ? " DESC" : " ASC";
        return " ORDER BY " + query.sort().column() + dir + (query.descending() ? " NULLS LAST" : " NULLS FIRST")
                + ", t.id" + dir;
    }

}
