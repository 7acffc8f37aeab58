package tokendesk.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

/**
 * The WHERE clause of the list page, built from fixed fragments; every user value is a bound parameter. Its conditions
 * are on the token {@code t} and, for the active, expiring and expired filters, its revocation {@code v} joined by
 * {@link TokenDao#REVOCATION_JOIN} (in the list's SELECT; a count adds {@link #joins()}). Expiring soon means active and
 * expiring after {@code now} and by {@code soon} (the end of the warning window): a range of the expiry index.
 */
final class ListFilter {
    private final TokenListQuery query;
    private final String scopeOwnerId;
    private final List<String> ownersMatchingSearch;
    private final Instant now;
    private final Instant soon;
    private final boolean search;

    /**
     * {@code ownersMatchingSearch}: the ids of the users whose name contains the search text, looked up first in
     * the small users table, so the tokens table is searched without a join.
     */
    ListFilter(TokenListQuery query, String scopeOwnerId, List<String> ownersMatchingSearch, Instant now, Instant soon) {
        this(query, scopeOwnerId, ownersMatchingSearch, now, soon, !query.q().isEmpty());
    }

    private ListFilter(TokenListQuery query, String scopeOwnerId, List<String> ownersMatchingSearch, Instant now,
            Instant soon, boolean search) {
        this.query = query;
        this.scopeOwnerId = scopeOwnerId;
        this.ownersMatchingSearch = List.copyOf(ownersMatchingSearch);
        this.now = now;
        this.soon = soon;
        this.search = search;
    }

    /** Every condition but the search text: for tokens already known to match it. */
    ListFilter withoutSearch() {
        return new ListFilter(query, scopeOwnerId, List.of(), now, soon, false);
    }

    /** What a query counting over {@code tokens t} alone must join for {@link #sql()}: the revocations, or nothing. */
    String joins() {
        return isActiveOrExpired() ? TokenDao.REVOCATION_JOIN : "";
    }

    private boolean isActiveOrExpired() {
        return query.status() == TokenListQuery.StatusFilter.ACTIVE || query.status() == TokenListQuery.StatusFilter.EXPIRED
                || query.status() == TokenListQuery.StatusFilter.EXPIRING;
    }

    String sql() {
        var conditions = new ArrayList<String>();
        if (scopeOwnerId != null) {
            conditions.add("t.owner_id = :scopeOwnerId");
        }
        if (!query.ownerId().isEmpty()) {
            conditions.add("t.owner_id = :ownerId");
        }
        switch (query.status()) {
            case ACTIVE -> conditions.add(TokenDao.NOT_REVOKED_JOINED + " AND t.suspended_at IS NULL"
                    + " AND (t.expires_at IS NULL OR t.expires_at > :now)");
            case EXPIRING -> conditions.add(TokenDao.NOT_REVOKED_JOINED + " AND t.suspended_at IS NULL"
                    + " AND t.expires_at > :now AND t.expires_at <= :soon");
            case SUSPENDED -> conditions.add("t.suspended_at IS NOT NULL AND NOT " + TokenDao.REVOKED);
            case REVOKED -> conditions.add(TokenDao.REVOKED);
            case EXPIRED -> conditions.add(TokenDao.NOT_REVOKED_JOINED + " AND t.suspended_at IS NULL AND t.expires_at <= :now");
            case ALL -> { }
        }
        if (query.unusedDays() > 0) {
            conditions.add("COALESCE(t.last_used_at, t.created_at) <= :unusedSince");
        }
        if (search) {
            conditions.add("(LOWER(t.description) LIKE :pattern ESCAPE '!' OR t.id = :exact"
                    + (ownersMatchingSearch.isEmpty() ? "" : " OR t.owner_id IN (<searchOwners>)") + ")");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    void bind(Query statement) {
        if (scopeOwnerId != null) {
            statement.bind("scopeOwnerId", scopeOwnerId);
        }
        if (!query.ownerId().isEmpty()) {
            statement.bind("ownerId", query.ownerId());
        }
        if (isActiveOrExpired()) {
            statement.bind("now", now);
        }
        if (query.status() == TokenListQuery.StatusFilter.EXPIRING) {
            statement.bind("soon", soon);
        }
        if (query.unusedDays() > 0) {
            statement.bind("unusedSince", now.minus(java.time.Duration.ofDays(query.unusedDays())));
        }
        if (search) {
            var lowered = query.q().toLowerCase();
            statement.bind("pattern", containsPattern(query.q()));
            statement.bind("exact", lowered);
            if (!ownersMatchingSearch.isEmpty()) {
                statement.bindList("searchOwners", ownersMatchingSearch);
            }
        }
    }

    /** The LIKE pattern for "contains the search text", lower case. */
    static String containsPattern(String q) {
        return "%" + escapeLike(q.toLowerCase()) + "%";
    }

    private static String escapeLike(String text) {
        // '!' rather than backslash: Jdbi's SQL lexer reads a backslash inside quotes as an escape
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
