package tokendesk.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.shared.Ids;

/**
 * Delivers one sink's outbox, oldest event first, on its own thread. Of several instances on one database only the
 * holder of the sink's lease delivers, so events go out once and in order; a holder that stops or dies loses the
 * lease when it runs out and another instance goes on from the first event not yet taken. An event is removed from
 * the outbox only after the receiver took it (at least once: a crash in between sends it again, with its id). A
 * failure stops the round and the next try waits, doubling from {@code firstRetry} up to {@link #MAX_RETRY}.
 */
final class EventDelivery implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(30);
    /** The lease is renewed before a send when less than this is left: more than a send's timeout. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(20);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Sink sink;
    private final Duration firstRetry;
    private final BiConsumer<String, Boolean> outcomes;
    private final String holder = Ids.random();
    private final ScheduledExecutorService executor;
    private Instant leaseUntil = Instant.MIN;
    private volatile boolean closing;

    EventDelivery(Jdbi jdbi, Clock clock, Sink sink, Duration poll, Duration firstRetry,
            BiConsumer<String, Boolean> outcomes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.sink = sink;
        this.firstRetry = firstRetry;
        this.outcomes = outcomes;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "event-delivery-" + sink.name());
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::roundQuietly, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("delivery to {} failed; the next round tries again", sink.name(), e);
        }
    }

    /** Sends what waits, until the outbox is empty, a send fails or the lease is lost. */
    void round() {
        if (!renewLease()) {
            return;
        }
        var state = jdbi.withExtension(EventDao.class, dao -> dao.state(sink.name()));
        if (state.retryAt() != null && clock.instant().isBefore(state.retryAt())) {
            return;
        }
        int failures = state.failures();
        while (true) {
            var batch = jdbi.withExtension(EventDao.class, dao -> dao.next(sink.name(), BATCH));
            for (var row : batch) {
                if (closing) {
                    return;
                }
                if (leaseUntil.minus(RENEW_BEFORE).isBefore(clock.instant()) && !renewLease()) {
                    return;
                }
                try {
                    sink.send(OutboundEvent.of(row));
                } catch (Exception e) {
                    failed(failures, e);
                    return;
                }
                outcomes.accept(sink.name(), true);
                jdbi.useExtension(EventDao.class, dao -> dao.delivered(sink.name(), row.id()));
                if (failures > 0) {
                    jdbi.useExtension(EventDao.class, dao -> dao.recovered(sink.name()));
                    failures = 0;
                }
            }
            if (batch.size() < BATCH || closing) {
                return;
            }
        }
    }

    private void failed(int failuresBefore, Exception e) {
        outcomes.accept(sink.name(), false);
        var now = clock.instant();
        var retryAt = now.plus(backoff(failuresBefore + 1));
        var error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        jdbi.useExtension(EventDao.class, dao -> dao.failed(sink.name(), now, retryAt,
                error.length() <= 500 ? error : error.substring(0, 500)));
        LOG.warn("{} did not take an event ({}); trying again at {}", sink.name(), error, retryAt);
    }

    /** firstRetry, doubled for each failure after the first, at most {@link #MAX_RETRY}. */
    Duration backoff(int failures) {
        var wait = firstRetry;
        for (int i = 1; i < failures && wait.compareTo(MAX_RETRY) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_RETRY) < 0 ? wait : MAX_RETRY;
    }

    private boolean renewLease() {
        var now = clock.instant();
        var until = now.plus(LEASE);
        boolean held = jdbi.withExtension(EventDao.class, dao -> dao.lease(sink.name(), holder, now, until)) == 1;
        leaseUntil = held ? until : Instant.MIN;
        return held;
    }

    /** Stops delivering and hands the lease back, so another instance goes on at once. */
    @Override
    public void close() {
        closing = true;
        executor.shutdown();
        try {
            // the send under way, if any, ends within its timeout
            if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
        try {
            jdbi.useExtension(EventDao.class, dao -> dao.release(sink.name(), holder));
        } catch (RuntimeException e) {
            LOG.warn("could not hand back the lease of {}; it runs out in {}", sink.name(), LEASE, e);
        }
    }
}
