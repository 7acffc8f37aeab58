package tokendesk.token;

import java.util.Map;
import tokendesk.shared.RuleBroken;
import tokendesk.web.QueryParams;

/** Reads the list state from URL query parameters and writes links that keep it (sort, page). */
public final class ListLinks {
    private final TokenListQuery query;

    ListLinks(TokenListQuery query) {
        this.query = query;
    }

    public static TokenListQuery parse(Map<String, java.util.List<String>> params) {
        var q = QueryParams.first(params, "q");
        if (q.length() > 255) {
            throw RuleBroken.field("q", "Search text must be at most 255 characters.");
        }
        var statusKey = QueryParams.first(params, "status");
        var status = statusKey.isEmpty() ? TokenListQuery.StatusFilter.ALL : TokenListQuery.StatusFilter.fromKey(statusKey)
                .orElseThrow(() -> RuleBroken.field("status", "Unknown status filter; use all, active, expiring, suspended, revoked or expired."));
        var owner = QueryParams.first(params, "owner");
        if (!owner.isEmpty() && !tokendesk.shared.Ids.isWellFormed(owner)) {
            throw RuleBroken.field("owner", "Unknown owner filter.");
        }
        var sortKey = QueryParams.first(params, "sort");
        var sort = sortKey.isEmpty() ? TokenListQuery.DEFAULT.sort() : TokenListQuery.Sort.fromKey(sortKey)
                .orElseThrow(() -> RuleBroken.field("sort", "Unknown sort column."));
        var dir = QueryParams.first(params, "dir");
        if (!dir.isEmpty() && !dir.equals("asc") && !dir.equals("desc")) {
            throw RuleBroken.field("dir", "Sort direction must be asc or desc.");
        }
        boolean descending = dir.isEmpty() ? sortKey.isEmpty() && TokenListQuery.DEFAULT.descending() : dir.equals("desc");
        int page = QueryParams.page(params);
        var limitText = QueryParams.first(params, "limit");
        int limit = TokenListQuery.PAGE_SIZE;
        if (!limitText.isEmpty()) {
            limit = limitText.matches("\\d{1,4}") ? Integer.parseInt(limitText) : 0;
            if (limit < 1 || limit > TokenListQuery.MAX_LIMIT) {
                throw RuleBroken.field("limit", "Limit must be a whole number from 1 to " + TokenListQuery.MAX_LIMIT + ".");
            }
        }
        var unusedText = QueryParams.first(params, "unused");
        int unused = 0;
        if (!unusedText.isEmpty()) {
            unused = unusedText.matches("\\d{1,5}") ? Integer.parseInt(unusedText) : 0;
            if (unused < 1 || unused > 36_500) {
                throw RuleBroken.field("unused", "Unused must be a number of days from 1 to 36500.");
            }
        }
        return new TokenListQuery(q, status, owner, sort, descending, page, limit, unused);
    }

    public String sort(String key) {
        return href(query.sortedBy(TokenListQuery.Sort.fromKey(key).orElseThrow()));
    }

    /** "▲"/"▼" on the column the list is sorted by. */
    public String arrow(String key) {
        if (!query.sort().key().equals(key)) {
            return "";
        }
        return query.descending() ? "\u25bc" : "\u25b2";
    }

    public String ariaSort(String key) {
        if (!query.sort().key().equals(key)) {
            return "none";
        }
        return query.descending() ? "descending" : "ascending";
    }

    public String page(int page) {
        return href(query.withPage(page));
    }

    public String current() {
        return href(query);
    }

    static String href(TokenListQuery query) {
        var link = new QueryParams().add("q", query.q());
        if (query.status() != TokenListQuery.StatusFilter.ALL) {
            link.add("status", query.status().key());
        }
        link.add("owner", query.ownerId());
        if (query.unusedDays() > 0) {
            link.add("unused", Integer.toString(query.unusedDays()));
        }
        if (query.sort() != TokenListQuery.DEFAULT.sort() || query.descending() != TokenListQuery.DEFAULT.descending()) {
            link.add("sort", query.sort().key()).add("dir", query.descending() ? "desc" : "asc");
        }
        if (query.page() > 1) {
            link.add("page", Integer.toString(query.page()));
        }
        if (query.limit() != TokenListQuery.PAGE_SIZE) {
            link.add("limit", Integer.toString(query.limit()));
        }
        return link.link(TokenPages.LIST);
    }
}
