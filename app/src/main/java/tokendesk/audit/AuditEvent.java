package tokendesk.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One row of the audit trail as it is read back. */
public record AuditEvent(long id, Instant at, String actorId, String actorName, String action, String targetType,
        String targetIds, int targetCount, String outcome, String sourceIp, String detail) {

    public List<String> targets() {
        return targetIds == null || targetIds.isEmpty() ? List.of() : Arrays.asList(targetIds.split(" "));
    }

    public String actionLabel() {
        return AuditAction.fromCode(action).map(AuditAction::label).orElse(action);
    }
}
