package tokendesk.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * An audit event as the sinks send it. It carries what the audit trail holds (ids and names, never a token value);
 * {@code id} is the audit event's, so a receiver that gets an event twice (delivery is at least once) can drop it.
 */
public record OutboundEvent(long id, String time, String type, String actor, List<String> targets, String outcome,
        String address, String detail) {
    static final String SYSTEM = "(system)";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The audit row an outbox entry points at. */
    record Row(long id, Instant at, String actorName, String action, String targetIds, String outcome,
            String sourceIp, String detail) {
    }

    static OutboundEvent of(Row row) {
        var targets = row.targetIds() == null || row.targetIds().isEmpty() ? List.<String>of()
                : Arrays.asList(row.targetIds().split(" "));
        return new OutboundEvent(row.id(), row.at().truncatedTo(ChronoUnit.MILLIS).toString(), row.action(),
                row.actorName() == null ? SYSTEM : row.actorName(), targets, row.outcome(), row.sourceIp(),
                row.detail());
    }

    /** The same event with only its first {@code count} targets (a bulk change may name 100,000). */
    OutboundEvent withFirstTargets(int count) {
        return new OutboundEvent(id, time, type, actor, targets.subList(0, Math.min(count, targets.size())), outcome,
                address, detail);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of plain strings always serializes", e);
        }
    }
}
