package tokendesk.events;

import java.time.Instant;

/**
 * How delivery to one sink stands: the events it still waits for, the failed tries since its last success, when the
 * next try may start, and the last error (kept after a recovery, for the record).
 */
public record SinkState(String name, int failures, Instant retryAt, String lastError, Instant lastErrorAt,
        long waiting) {

    /** Whether the Audit page should say the sink is behind: events wait and the last try failed. */
    public boolean behind() {
        return waiting > 0 && failures > 0;
    }

    /** "the webhook" or "syslog", as the Audit page names the sink. */
    public String label() {
        return EventSinks.WEBHOOK.equals(name) ? "the webhook" : "syslog";
    }
}
