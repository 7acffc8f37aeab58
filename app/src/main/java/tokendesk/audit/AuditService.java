package tokendesk.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Reading the audit trail; who may read it is decided by the route (settings:read: Owner and Administrators). */
public final class AuditService {
    private final Jdbi jdbi;

    public AuditService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Page(List<AuditEvent> events, int total, AuditQuery query, List<String> actors) {
        public int pages() {
            return Math.max(1, (total + AuditQuery.PAGE_SIZE - 1) / AuditQuery.PAGE_SIZE);
        }
    }

    public Page page(AuditQuery query) {
        return jdbi.withHandle(handle -> {
            var dao = handle.attach(AuditDao.class);
            return new Page(dao.page(query), dao.count(query), query, dao.actorNames());
        });
    }

    /** The filtered events as CSV, newest first, every page of them. */
    public void exportCsv(AuditQuery query, Writer out) {
        jdbi.useHandle(handle -> {
            AuditCsv.header(out);
            handle.attach(AuditDao.class).forEach(query, event -> AuditCsv.row(out, event));
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
