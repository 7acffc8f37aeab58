package tokendesk.shared;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a write-behind flush on its own daemon thread once per interval, and once more when closed. A failed
 * flush is logged and left to the next one, which writes what is still pending.
 */
public final class PeriodicFlush implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlush.class);

    private final String name;
    private final Runnable flush;
    private final ScheduledExecutorService executor;

    public PeriodicFlush(String name, Duration interval, Runnable flush) {
        this.name = name;
        this.flush = flush;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed; the next flush retries what is still pending", name, e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        flushQuietly();
    }
}
