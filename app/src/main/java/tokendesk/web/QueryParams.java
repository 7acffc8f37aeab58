package tokendesk.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tokendesk.shared.RuleBroken;

/** Reading list filters from a query string, and writing links that keep them. */
public final class QueryParams {
    /** The highest page number a list accepts. */
    public static final int MAX_PAGE = 1_000_000;

    private final List<String> parts = new ArrayList<>();

    /** The first value of {@code name}, stripped; "" when absent. */
    public static String first(Map<String, List<String>> params, String name) {
        var values = params.get(name);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).strip();
    }

    /** The 1-based "page" parameter: 1 when absent, a 400 unless it is a whole number from 1 to MAX_PAGE. */
    public static int page(Map<String, List<String>> params) {
        var text = first(params, "page");
        if (text.isEmpty()) {
            return 1;
        }
        int page = text.matches("[0-9]{1,7}") ? Integer.parseInt(text) : 0;
        if (page < 1 || page > MAX_PAGE) {
            throw RuleBroken.field("page", "Page must be a whole number from 1.");
        }
        return page;
    }

    /** Adds {@code name=value} to the link being written, unless the value is empty. */
    public QueryParams add(String name, String value) {
        if (!value.isEmpty()) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return this;
    }

    /** {@code path}, with "?" and the parameters added when there are any. */
    public String link(String path) {
        return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
    }
}
