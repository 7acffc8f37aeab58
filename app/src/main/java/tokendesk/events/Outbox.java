package tokendesk.events;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Queues an audit event for every configured sink, in the transaction that records the event: an event that
 * commits is sent, one that rolls back is not, and a crash in between loses nothing.
 */
public final class Outbox {
    public static final Outbox NONE = new Outbox(List.of());

    private final List<String> sinks;

    Outbox(List<String> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** The outbox of the sinks {@code settings} configure. */
    public static Outbox of(EventSinkSettings settings) {
        return new Outbox(settings.sinkNames());
    }

    public void enqueue(Handle handle, long eventId) {
        if (sinks.isEmpty()) {
            return;
        }
        var dao = handle.attach(EventDao.class);
        for (var sink : sinks) {
            dao.enqueue(sink, eventId);
        }
    }
}
