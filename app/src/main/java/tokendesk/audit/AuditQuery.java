package tokendesk.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;
import tokendesk.shared.RuleBroken;
import tokendesk.web.QueryParams;

/** The /audit filters (actor, action, UTC date range) and page, read from and written back to the URL. */
public record AuditQuery(String actor, String action, LocalDate from, LocalDate to, int page) {
    /** The longest actor name: a user name and " via token <id>" (V14). */
    static final int MAX_ACTOR = 128;
    public static final int PAGE_SIZE = 50;

    public static AuditQuery parse(Map<String, List<String>> params) {
        var actor = QueryParams.first(params, "actor");
        if (actor.length() > MAX_ACTOR) {
            throw RuleBroken.field("actor", "Actor must be at most " + MAX_ACTOR + " characters.");
        }
        var action = QueryParams.first(params, "action");
        if (!action.isEmpty() && AuditAction.fromCode(action).isEmpty()) {
            throw RuleBroken.field("action", "Unknown action.");
        }
        var from = date(params, "from");
        var to = date(params, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw RuleBroken.field("to", "The end date must not be before the start date.");
        }
        return new AuditQuery(actor, action, from, to, QueryParams.page(params));
    }

    private static LocalDate date(Map<String, List<String>> params, String name) {
        var text = QueryParams.first(params, name);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw RuleBroken.field(name, "Dates are written YYYY-MM-DD.");
        }
    }

    String where() {
        var conditions = new ArrayList<String>();
        if (!actor.isEmpty()) {
            conditions.add(actor.equals(AuditPages.SYSTEM) ? "actor_name IS NULL" : "actor_name = :actor");
        }
        if (!action.isEmpty()) {
            conditions.add("action = :action");
        }
        if (from != null) {
            conditions.add("at >= :from");
        }
        if (to != null) {
            conditions.add("at < :toExclusive");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    void bind(Query statement) {
        if (!actor.isEmpty() && !actor.equals(AuditPages.SYSTEM)) {
            statement.bind("actor", actor);
        }
        if (!action.isEmpty()) {
            statement.bind("action", action);
        }
        if (from != null) {
            statement.bind("from", from.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (to != null) {
            statement.bind("toExclusive", to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    int offset() {
        return (page - 1) * PAGE_SIZE;
    }

    public boolean filtered() {
        return !actor.isEmpty() || !action.isEmpty() || from != null || to != null;
    }

    /** The query string of these filters on another page (1-based); empty values left out. */
    public String link(String path, int toPage) {
        return new QueryParams().add("actor", actor).add("action", action)
                .add("from", from == null ? "" : from.toString()).add("to", to == null ? "" : to.toString())
                .add("page", toPage > 1 ? Integer.toString(toPage) : "").link(path);
    }
}
