package tokendesk.token;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A journaled bulk revoke or delete (a row of bulk_operations): the tokens it changes, in the order asked for, who
 * asked and from where, and the time it gives the change (revoked_at).
 */
public record BulkOperation(String id, Kind kind, String actorId, String actorName, String sourceIp, String tokenIds,
        Instant startedAt) {

    public enum Kind {
        REVOKE, DELETE
    }

    public List<String> ids() {
        return Arrays.asList(tokenIds.split(" "));
    }

    /** What startup did with an interrupted operation, for its log line. */
    public record Completed(String id, Kind kind, int listed, int changedNow, boolean auditWritten) {
    }
}
