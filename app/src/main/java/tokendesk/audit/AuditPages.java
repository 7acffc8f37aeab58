package tokendesk.audit;

import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tokendesk.events.SinkState;
import tokendesk.web.Views;

/** "/audit": the audit trail for the Owner and Administrators, filtered, paginated, and exported as CSV. */
public final class AuditPages {
    public static final String LIST = "/audit";
    public static final String CSV = "/audit.csv";
    /** How events without a user (startup provisioning) show their actor, and the filter value that selects them. */
    public static final String SYSTEM = "(system)";

    private final AuditService audit;
    private final Supplier<List<SinkState>> sinks;

    public AuditPages(AuditService audit, Supplier<List<SinkState>> sinks) {
        this.audit = audit;
        this.sinks = sinks;
    }

    public void list(Context ctx) {
        var page = audit.page(AuditQuery.parse(ctx.queryParamMap()));
        var behind = sinks.get().stream().filter(SinkState::behind).toList();
        Views.page(ctx, "audit/list", Map.of("page", page, "actions", Arrays.asList(AuditAction.values()),
                "system", SYSTEM, "behind", behind));
    }

    public void csv(Context ctx) {
        var query = AuditQuery.parse(ctx.queryParamMap());
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"tokendesk-audit.csv\"");
        ctx.header("Cache-Control", "no-store");
        var out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
        audit.exportCsv(query, out);
    }
}
