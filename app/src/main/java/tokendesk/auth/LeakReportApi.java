package tokendesk.auth;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;
import tokendesk.shared.RuleBroken;
import tokendesk.token.LeakReports;
import tokendesk.web.Json;

/**
 * {@code POST /api/tokens/leaked} {@code {"tokens": [...]}}: no authentication (a secret scanner reports what it found),
 * so each report counts against the address's limit of failed token authentications; the answer is only
 * {@code {"revoked": n}}.
 */
public final class LeakReportApi {
    public static final String PATH = "/api/tokens/leaked";

    private final LeakReports reports;
    private final FailureLimiter limiter;
    private final Function<Context, String> clientIp;

    public LeakReportApi(LeakReports reports, FailureLimiter limiter, Function<Context, String> clientIp) {
        this.reports = reports;
        this.limiter = limiter;
        this.clientIp = clientIp;
    }

    public void report(Context ctx) {
        var address = clientIp.apply(ctx);
        if (limiter.isBlocked(address)) {
            throw ApiAuth.tooMany(ctx);
        }
        limiter.recordFailure(address);
        var node = Json.object(ctx).get("tokens");
        if (node == null || !node.isArray()) {
            throw RuleBroken.field("tokens", "\"tokens\" must be an array of token values.");
        }
        var values = new ArrayList<String>();
        node.forEach(item -> values.add(item.isTextual() ? item.textValue() : null));
        ctx.json(Map.of("revoked", reports.report(values)));
    }
}
