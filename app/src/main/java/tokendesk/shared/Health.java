package tokendesk.shared;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: {"status":"pass"|"fail","checks":{"database":{"status":…}}}, 503 when the database does not
 * answer. The database is asked at most once a second, so load balancers polling it cost next to nothing.
 */
public final class Health {
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Jdbi jdbi;
    private volatile Report last;

    private record Report(long checkedAt, String problem) {
    }

    public Health(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void handle(Context ctx) {
        var report = current();
        var database = new LinkedHashMap<String, Object>();
        database.put("status", report.problem() == null ? "pass" : "fail");
        if (report.problem() != null) {
            database.put("output", report.problem());
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("status", report.problem() == null ? "pass" : "fail");
        body.put("checks", Map.of("database", database));
        ctx.status(report.problem() == null ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    private Report current() {
        var report = last;
        long now = System.nanoTime();
        if (report == null || now - report.checkedAt() > CHECK_EVERY_NANOS) {
            report = new Report(now, probe());
            last = report;
        }
        return report;
    }

    /** Null when the database answers a query on our own schema, else what went wrong (no SQL, no values). */
    private String probe() {
        try {
            jdbi.useHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM users WHERE 1 = 0").mapTo(Integer.class).one());
            return null;
        } catch (RuntimeException e) {
            LOG.warn("Health check: the database does not answer: {}", e.getClass().getSimpleName());
            return "the database does not answer";
        }
    }
}
