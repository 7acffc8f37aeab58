package tokendesk.token;

import java.util.Optional;
import tokendesk.shared.Keyed;

/**
 * The list page's state: search text, filters, sort and page. It round-trips through URL query parameters so
 * a view can be bookmarked. {@code unusedDays}: only tokens unused for at least that many days (a never-used one
 * counts from its creation); 0 for any.
 */
public record TokenListQuery(String q, StatusFilter status, String ownerId, Sort sort, boolean descending, int page,
        int limit, int unusedDays) {
    public static final int PAGE_SIZE = 50;
    public static final int MAX_LIMIT = 1000;
    /** The page's "Unused for 90+ days" filter. */
    public static final int UNUSED_FILTER_DAYS = 90;
    public static final TokenListQuery DEFAULT = new TokenListQuery("", StatusFilter.ALL, "", Sort.CREATED, true, 1, PAGE_SIZE, 0);

    public TokenListQuery(String q, StatusFilter status, String ownerId, Sort sort, boolean descending, int page,
            int limit) {
        this(q, status, ownerId, sort, descending, page, limit, 0);
    }

    public enum StatusFilter implements Keyed {
        ALL("all", "All"),
        ACTIVE("active", "Active"),
        /** Active and expiring within the EXPIRY_WARNING_DAYS window. */
        EXPIRING("expiring", "Expiring soon"),
        SUSPENDED("suspended", "Suspended"),
        REVOKED("revoked", "Revoked"),
        EXPIRED("expired", "Expired");

        private final String key;
        private final String label;

        StatusFilter(String key, String label) {
            this.key = key;
            this.label = label;
        }

        @Override
        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        public static Optional<StatusFilter> fromKey(String key) {
            return Keyed.fromKey(StatusFilter.class, key);
        }
    }

    /** Sortable columns; the SQL expression is a constant, never user text. */
    public enum Sort implements Keyed {
        DESCRIPTION("description", "t.description", true),
        OWNER("owner", "o.username", false),
        STATUS("status", TokenDao.STATUS, false),
        CREATED("created", "t.created_at", true),
        EXPIRES("expires", "t.expires_at", true),
        LAST_USED("last_used", "t.last_used_at", true);

        private final String key;
        private final String column;
        private final boolean indexed;

        Sort(String key, String column, boolean indexed) {
            this.key = key;
            this.column = column;
            this.indexed = indexed;
        }

        /** Whether an index of tokens is in this order, so a page can be read by walking it. */
        boolean indexed() {
            return indexed;
        }

        @Override
        public String key() {
            return key;
        }

        String column() {
            return column;
        }

        public static Optional<Sort> fromKey(String key) {
            return Keyed.fromKey(Sort.class, key);
        }
    }

    public int offset() {
        return (page - 1) * limit;
    }

    public TokenListQuery withPage(int newPage) {
        return new TokenListQuery(q, status, ownerId, sort, descending, newPage, limit, unusedDays);
    }

    /** The first token after this page, as a page of one. */
    TokenListQuery rowAfter() {
        return new TokenListQuery(q, status, ownerId, sort, descending, offset() + limit + 1, 1, unusedDays);
    }

    /** Sorting by a column again flips its direction; a new column starts ascending. Back to page 1 either way. */
    public TokenListQuery sortedBy(Sort column) {
        boolean desc = column == sort && !descending;
        return new TokenListQuery(q, status, ownerId, column, desc, 1, limit, unusedDays);
    }
}
