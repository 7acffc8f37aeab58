package tokendesk.token;

import java.time.Instant;
import java.util.List;

/**
 * A journaled bulk revoke or delete: the tokens it changes, in the order asked for, who asked and from where, the
 * time it gives the change (revoked_at), for a DELETE_USER the user it deletes with them (otherwise null), and for a
 * revoke nobody asked for (the server's own, actor null) why it is made.
 */
public record BulkOperation(String id, Kind kind, String actorId, String actorName, String sourceIp, List<String> ids,
        Instant startedAt, String userId, String reason) {

    public enum Kind {
        REVOKE, DELETE, DELETE_USER
    }

    /** An operation on tokens alone. */
    public BulkOperation(String id, Kind kind, String actorId, String actorName, String sourceIp, List<String> ids,
            Instant startedAt) {
        this(id, kind, actorId, actorName, sourceIp, ids, startedAt, null, null);
    }

    /** An operation with its user (DELETE_USER) and no reason. */
    public BulkOperation(String id, Kind kind, String actorId, String actorName, String sourceIp, List<String> ids,
            Instant startedAt, String userId) {
        this(id, kind, actorId, actorName, sourceIp, ids, startedAt, userId, null);
    }

    /** What startup did with an interrupted operation, for its log line. */
    public record Completed(String id, Kind kind, int listed, int changedNow, boolean auditWritten) {
    }
}
