package tokendesk.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/** The configured sinks: their outbox, the deliveries that empty it, and how each stands. */
public final class EventSinks implements AutoCloseable {
    public static final String WEBHOOK = "webhook";
    public static final String SYSLOG = "syslog";
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Jdbi jdbi;
    private final List<String> names;
    private final List<EventDelivery> deliveries = new ArrayList<>();

    /** {@code outcomes} hears of every try: the sink's name and whether the receiver took the event. */
    public EventSinks(Jdbi jdbi, Clock clock, EventSinkSettings settings, BiConsumer<String, Boolean> outcomes) {
        this.jdbi = jdbi;
        this.names = settings.sinkNames();
        if (settings.webhookUrl() != null) {
            deliveries.add(new EventDelivery(jdbi, clock, new WebhookSink(settings.webhookUrl(), settings.webhookSecret()),
                    POLL, FIRST_RETRY, outcomes));
        }
        if (settings.syslog() != null) {
            deliveries.add(new EventDelivery(jdbi, clock, new SyslogSink(settings.syslog()), POLL, FIRST_RETRY, outcomes));
        }
    }

    public List<String> names() {
        return names;
    }

    /** Each configured sink: what waits for it and how its last tries went. */
    public List<SinkState> states() {
        return names.isEmpty() ? List.of() : jdbi.withExtension(EventDao.class, dao -> dao.states(names));
    }

    @Override
    public void close() {
        deliveries.forEach(EventDelivery::close);
    }
}
