package tokendesk.token;

import java.time.Instant;
import java.util.List;

/**
 * A journaled bulk revoke or delete: the tokens it changes, in the order asked for, who asked and from where, and
 * the time it gives the change (revoked_at).
 */
public record BulkOperation(String id, Kind kind, String actorId, String actorName, String sourceIp, List<String> ids,
        Instant startedAt) {

    public enum Kind {
        REVOKE, DELETE
    }

    /** What startup did with an interrupted operation, for its log line. */
    public record Completed(String id, Kind kind, int listed, int changedNow, boolean auditWritten) {
    }
}
