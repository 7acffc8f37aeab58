package tokendesk.agent;

import java.util.List;
import java.util.Map;
import tokendesk.shared.RuleBroken;
import tokendesk.web.QueryParams;

/** A page of the agents list: the search ({@code q}, in instance id or hostname), the 1-based page and its size. */
public record AgentQuery(String q, int page, int limit) {
    public static final int PAGE_SIZE = 50;
    public static final int MAX_LIMIT = 200;
    static final int MAX_Q = 255;

    /** From the query string; a 400 for a bad page or limit. */
    static AgentQuery parse(Map<String, List<String>> params) {
        var q = QueryParams.first(params, "q");
        if (q.length() > MAX_Q) {
            q = q.substring(0, MAX_Q);
        }
        var limitText = QueryParams.first(params, "limit");
        int limit = PAGE_SIZE;
        if (!limitText.isEmpty()) {
            limit = limitText.matches("\\d{1,4}") ? Integer.parseInt(limitText) : 0;
            if (limit < 1 || limit > MAX_LIMIT) {
                throw RuleBroken.field("limit", "Limit must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
        }
        return new AgentQuery(q, QueryParams.page(params), limit);
    }

    long offset() {
        return (long) (page - 1) * limit;
    }

    /** The lower-case LIKE pattern for "contains q" ('!' escapes), "%" without a search. */
    String pattern() {
        var text = q.toLowerCase().replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + text + "%";
    }

    /** The Agents page at {@code otherPage} of this search. */
    public String link(int otherPage) {
        var params = new QueryParams().add("q", q);
        if (otherPage > 1) {
            params.add("page", Integer.toString(otherPage));
        }
        if (limit != PAGE_SIZE) {
            params.add("limit", Integer.toString(limit));
        }
        return params.link(AgentPages.LIST);
    }
}
