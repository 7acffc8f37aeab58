package tokendesk.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;

/**
 * The WHERE clause of the list page, built from fixed fragments; every user value is a bound parameter. Its conditions
 * are on the token {@code t} and, for a status filter, its revocation {@code v} joined by
 * {@link TokenDao#REVOCATION_JOIN} (in the list's SELECT; a count reads {@link #countFrom()}). Expiring soon means active
 * and expiring after {@code now} and by {@code soon} (the end of the warning window): a range of the expiry index.
 */
final class ListFilter {
    private final TokenListQuery query;
    private final String scopeOwnerId;
    private final List<String> ownersMatchingSearch;
    private final Instant now;
    private final Instant soon;
    private final boolean search;
    /** The lowered description as an expression no index is on (the trigram index is on LOWER(description)). */
    private static final String UNINDEXED_DESCRIPTION = "LOWER(t.description || '')";
    /** Before any suspension or expiry. */
    private static final String EPOCH = "TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'";
    /** Suspended, on the indexed copy of suspended_at, as a range: H2 reads an index for it, not for IS NOT NULL. */
    static final String IS_SUSPENDED = "t.suspended_since > " + EPOCH;
    /**
     * Past its expiry: a range with a start, so H2 seeks into the expiry index past the tokens that never expire
     * (NULL, first in it) instead of stepping over each of them, half the tokens of the bench.
     */
    static final String PAST_EXPIRY = "t.expires_at > " + EPOCH + " AND t.expires_at <= :now";
    /** Expiring within the warning window: a range of the expiry index. */
    private static final String EXPIRES_SOON = "t.expires_at > :now AND t.expires_at <= :soon";

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

    /** What a query over {@code tokens t} alone must join for {@link #sql()}: the revocations, or nothing. */
    String joins() {
        return query.status() == TokenListQuery.StatusFilter.ALL ? "" : TokenDao.REVOCATION_JOIN;
    }

    /**
     * The FROM clause a count of the filter's tokens reads: the Revoked filter's from the revocations (the smaller
     * table, which H2 reads first only when it comes first), every other from the tokens.
     */
    String countFrom() {
        return query.status() == TokenListQuery.StatusFilter.REVOKED
                ? " FROM token_revocations v JOIN tokens t ON t.id = v.token_id AND " + BulkJournal.IN_EFFECT
                : " FROM tokens t" + joins();
    }

    /**
     * A query of the ids of a superset of the filter's tokens read from an index, for filters that can match few of
     * many tokens; its LIMIT is {@code :max}. Empty for those that match most tokens (All, Active), whose pages walk the
     * sort's index. A filter by a window of expiry times reads the expiry index as Expired does.
     */
    Optional<String> candidates() {
        var sql = switch (query.status()) {
            case REVOKED -> "SELECT v.token_id FROM token_revocations v WHERE " + BulkJournal.IN_EFFECT;
            case SUSPENDED -> "SELECT t.id FROM tokens t WHERE " + IS_SUSPENDED;
            case EXPIRED -> "SELECT t.id FROM tokens t WHERE " + PAST_EXPIRY;
            case EXPIRING -> "SELECT t.id FROM tokens t WHERE " + EXPIRES_SOON;
            case ALL, ACTIVE -> null;
        };
        return Optional.ofNullable(sql).map(select -> select + " LIMIT :max");
    }

    private boolean bindsNow() {
        return switch (query.status()) {
            case ACTIVE, EXPIRING, EXPIRED -> true;
            case ALL, SUSPENDED, REVOKED -> false;
        };
    }

    private boolean bindsSoon() {
        return query.status() == TokenListQuery.StatusFilter.EXPIRING;
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
            case EXPIRING -> conditions.add(TokenDao.NOT_REVOKED_JOINED + " AND t.suspended_at IS NULL AND "
                    + EXPIRES_SOON);
            // the indexed copy (V26): PostgreSQL may then read the page from that index and sort it
            case SUSPENDED -> conditions.add(IS_SUSPENDED + " AND " + TokenDao.NOT_REVOKED_JOINED);
            case REVOKED -> conditions.add("v.token_id IS NOT NULL");
            case EXPIRED -> conditions.add(TokenDao.NOT_REVOKED_JOINED + " AND t.suspended_at IS NULL AND " + PAST_EXPIRY);
            case ALL -> { }
        }
        if (query.unusedDays() > 0) {
            conditions.add("COALESCE(t.last_used_at, t.created_at) <= :unusedSince");
        }
        if (search) {
            // a text the trigram index cannot narrow is tested row by row: PostgreSQL would read all of that index
            var described = indexable(query.q()) ? "LOWER(t.description)" : UNINDEXED_DESCRIPTION;
            conditions.add("(" + described + " LIKE :pattern ESCAPE '!' OR t.id = :exact"
                    + (ownersMatchingSearch.isEmpty() ? "" : " OR t.owner_id IN (<searchOwners>)") + ")");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the window of time {@link #candidates()} and {@link #sql()} name (not {@code :max}). */
    Query bindCandidates(Query statement) {
        if (bindsNow()) {
            statement.bind("now", now);
        }
        if (bindsSoon()) {
            statement.bind("soon", soon);
        }
        return statement;
    }

    Query bind(Query statement) {
        if (scopeOwnerId != null) {
            statement.bind("scopeOwnerId", scopeOwnerId);
        }
        if (!query.ownerId().isEmpty()) {
            statement.bind("ownerId", query.ownerId());
        }
        bindCandidates(statement);
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
        return statement;
    }

    /**
     * Whether a search text has three letters or digits of ASCII in a row: a trigram of it is in the description index
     * of PostgreSQL (V27), which narrows the search to the descriptions that have it. A shorter text, or one of other
     * letters only, is looked for row by row (see TokenQueries#list).
     */
    static boolean indexable(String q) {
        int run = 0;
        for (int i = 0; i < q.length() && run < 3; i++) {
            char c = q.charAt(i);
            run = c < 128 && Character.isLetterOrDigit(c) ? run + 1 : 0;
        }
        return run >= 3;
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
