package tokendesk.token;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import tokendesk.web.InvalidInput;

/** Reads the list state from URL query parameters and writes links that keep it (sort, page). */
public final class ListLinks {
    private final TokenListQuery query;

    ListLinks(TokenListQuery query) {
        this.query = query;
    }

    public static TokenListQuery parse(Map<String, java.util.List<String>> params) {
        var q = first(params, "q");
        if (q.length() > 255) {
            throw InvalidInput.field("q", "Search text must be at most 255 characters.");
        }
        var statusKey = first(params, "status");
        var status = statusKey.isEmpty() ? TokenListQuery.StatusFilter.ALL : TokenListQuery.StatusFilter.fromKey(statusKey)
                .orElseThrow(() -> InvalidInput.field("status", "Unknown status filter; use all, active, revoked or expired."));
        var owner = first(params, "owner");
        if (!owner.isEmpty() && !tokendesk.Ids.isWellFormed(owner)) {
            throw InvalidInput.field("owner", "Unknown owner filter.");
        }
        var sortKey = first(params, "sort");
        var sort = sortKey.isEmpty() ? TokenListQuery.DEFAULT.sort() : TokenListQuery.Sort.fromKey(sortKey)
                .orElseThrow(() -> InvalidInput.field("sort", "Unknown sort column."));
        var dir = first(params, "dir");
        if (!dir.isEmpty() && !dir.equals("asc") && !dir.equals("desc")) {
            throw InvalidInput.field("dir", "Sort direction must be asc or desc.");
        }
        boolean descending = dir.isEmpty() ? sortKey.isEmpty() && TokenListQuery.DEFAULT.descending() : dir.equals("desc");
        var pageText = first(params, "page");
        int page = 1;
        if (!pageText.isEmpty()) {
            try {
                page = Integer.parseInt(pageText);
            } catch (NumberFormatException e) {
                page = 0;
            }
            if (page < 1 || page > 1_000_000) {
                throw InvalidInput.field("page", "Page must be a whole number from 1.");
            }
        }
        var limitText = first(params, "limit");
        int limit = TokenListQuery.PAGE_SIZE;
        if (!limitText.isEmpty()) {
            limit = limitText.matches("\\d{1,4}") ? Integer.parseInt(limitText) : 0;
            if (limit < 1 || limit > TokenListQuery.MAX_LIMIT) {
                throw InvalidInput.field("limit", "Limit must be a whole number from 1 to " + TokenListQuery.MAX_LIMIT + ".");
            }
        }
        return new TokenListQuery(q, status, owner, sort, descending, page, limit);
    }

    private static String first(Map<String, java.util.List<String>> params, String name) {
        var values = params.get(name);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).strip();
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
        var parts = new ArrayList<String>();
        add(parts, "q", query.q());
        if (query.status() != TokenListQuery.StatusFilter.ALL) {
            add(parts, "status", query.status().key());
        }
        add(parts, "owner", query.ownerId());
        if (query.sort() != TokenListQuery.DEFAULT.sort() || query.descending() != TokenListQuery.DEFAULT.descending()) {
            add(parts, "sort", query.sort().key());
            add(parts, "dir", query.descending() ? "desc" : "asc");
        }
        if (query.page() > 1) {
            add(parts, "page", Integer.toString(query.page()));
        }
        if (query.limit() != TokenListQuery.PAGE_SIZE) {
            add(parts, "limit", Integer.toString(query.limit()));
        }
        return TokenPages.LIST + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    private static void add(ArrayList<String> parts, String name, String value) {
        if (!value.isEmpty()) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
