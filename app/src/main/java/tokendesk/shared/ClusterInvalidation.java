package tokendesk.shared;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache coherence for instances sharing one PostgreSQL database (see docs/scale-out.md for the argument).
 *
 * <p>Each instance holds one connection of its own (not from the pool) that LISTENs for invalidations and renews a
 * lease in {@code cache_instances} every {@link #RENEW_MILLIS}. The lease in the database ends {@link #LEASE_MILLIS}
 * after the renewal ran there; the local lease ends that long minus a margin after the renewal was sent, so it always
 * ends first. Caches serve entries only while the local lease runs.
 *
 * <p>A change, once committed, takes a generation from {@code cache_generation}, notifies it, and waits until every
 * other instance whose lease runs (by the database's clock) has recorded it as seen. An instance records a
 * generation only after clearing its caches, and only a generation it learnt before that clear; a renewal that finds
 * a newer generation than it has seen (a lost notification) or follows a lapsed lease clears too.
 */
public final class ClusterInvalidation implements CacheCoherence {
    static final String CHANNEL = "tokendesk_invalidation";
    static final long LEASE_MILLIS = 2_000;
    static final long RENEW_MILLIS = 300;
    /** How much sooner the local lease ends than the database's: covers clock rate differences with room to spare. */
    static final long MARGIN_MILLIS = 150;
    /** A change waits at most this long: past it every lease granted before the change has run out twice over. */
    static final long WAIT_MILLIS = 2 * LEASE_MILLIS + 1_000;
    private static final long RETRY_MILLIS = 200;
    /** Renewals between deletions of the rows of instances gone for a minute (each start takes a new id). */
    private static final int CLEANUP_EVERY = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterInvalidation.class);

    private static final String PUBLISH = "WITH g AS (SELECT nextval('cache_generation') AS g) "
            + "SELECT g, pg_notify('" + CHANNEL + "', CAST(g AS text)) FROM g";
    private static final String BEHIND = "SELECT COUNT(*) FROM cache_instances WHERE instance_id <> ? "
            + "AND seen_generation < ? AND lease_until > clock_timestamp()";
    private static final String RENEW = "INSERT INTO cache_instances (instance_id, lease_until, seen_generation) "
            + "VALUES (?, clock_timestamp() + interval '" + LEASE_MILLIS + " milliseconds', ?) ON CONFLICT (instance_id) "
            + "DO UPDATE SET lease_until = EXCLUDED.lease_until, seen_generation = EXCLUDED.seen_generation";
    private static final String NEWEST = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM cache_generation";

    private final Jdbi jdbi;
    private final DatabaseSettings settings;
    private final String id = UUID.randomUUID().toString();
    private final List<Runnable> clears = new CopyOnWriteArrayList<>();
    private final Thread listener;
    private volatile long leaseEnd = System.nanoTime();
    private volatile boolean running = true;
    private volatile Connection connection;
    /** The newest generation whose change this instance's caches hold nothing from before; the listener's alone. */
    private long seen;
    private int renewals;
    /** Whether the loss of the connection was logged and its return is not yet: one line per outage. */
    private boolean cutOff;

    private ClusterInvalidation(Jdbi jdbi, DatabaseSettings settings) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.listener = new Thread(this::listen, "cache-invalidation");
        listener.setDaemon(true);
    }

    /** {@link CacheCoherence#LOCAL} for a database one process owns; for a shared one, a started instance of this. */
    public static CacheCoherence of(Database database, DatabaseSettings settings) {
        if (!database.dialect().shared()) {
            return LOCAL;
        }
        var coherence = new ClusterInvalidation(database.jdbi(), settings);
        coherence.listener.start();
        return coherence;
    }

    @Override
    public boolean serving() {
        // a renewal still under way when close() ended the lease may set it again: closed stays closed
        return running && System.nanoTime() - leaseEnd < 0;
    }

    @Override
    public void onChangeElsewhere(Runnable clear) {
        clears.add(clear);
    }

    @Override
    public void changed() {
        long generation = jdbi.withHandle(h -> h.createQuery(PUBLISH).map((rs, ctx) -> rs.getLong(1)).one());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        long pause = 2;
        while (behind(generation) > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("change " + generation + " committed, but not confirmed by every "
                        + "instance within " + WAIT_MILLIS + " ms");
            }
            pauseMillis(pause);
            pause = 10;
        }
    }

    private int behind(long generation) {
        return jdbi.withHandle(h -> h.createQuery(BEHIND).bind(0, id).bind(1, generation).mapTo(Integer.class).one());
    }

    /** Runs until {@link #close()}: while connected, waits for notifications and renews; reconnects when cut off. */
    private void listen() {
        while (running) {
            try (var own = connect()) {
                connection = own;
                join(own);
                if (cutOff) {
                    cutOff = false;
                    LOG.info("Cache invalidation connection back; serving from the caches again");
                }
                while (running) {
                    long newest = seen;
                    var notifications = own.unwrap(PGConnection.class).getNotifications((int) RENEW_MILLIS);
                    for (var notification : notifications == null ? new PGNotification[0] : notifications) {
                        newest = Math.max(newest, Long.parseLong(notification.getParameter()));
                    }
                    if (newest > seen) {
                        clearAll(); // after the notification came, so after the change committed
                        seen = newest;
                    }
                    renew(own);
                }
            } catch (SQLException | RuntimeException e) {
                leaseEnd = System.nanoTime(); // notifications may be missed from now on: serve nothing cached
                if (running) {
                    if (!cutOff) {
                        cutOff = true;
                        LOG.warn("Cache invalidation connection lost ({}); reading through to the database until it "
                                + "is back", e.getMessage());
                    }
                    pauseMillis(RETRY_MILLIS);
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        var properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
            properties.setProperty("password", settings.password() == null ? "" : settings.password());
        }
        // a read that hangs (a partition without a reset) fails in time; the lease has run out long before
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("connectTimeout", "5");
        var own = DriverManager.getConnection(settings.url(), properties);
        own.setAutoCommit(true);
        return own;
    }

    /**
     * Starts listening, then clears what may have missed a notification, and takes a lease through a renewal, whose
     * check after its commit catches a change that took its generation between the read here and that commit.
     */
    private void join(Connection own) throws SQLException {
        try (var statement = own.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        long newest = newest(own); // before the clear: every change up to it committed before the clear
        clearAll();
        seen = newest;
        renew(own);
    }

    private void renew(Connection own) throws SQLException {
        long sent = System.nanoTime();
        boolean lapsed = sent - leaseEnd >= 0;
        upsert(own);
        // read after the renewal committed: a change that found this lease run out took its generation before
        long newest = newest(own);
        if (newest > seen || lapsed) {
            clearAll();
        }
        if (newest > seen) {
            seen = newest;
            upsert(own);
        }
        leaseEnd = sent + TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS - MARGIN_MILLIS);
        if (++renewals % CLEANUP_EVERY == 0) {
            try (var statement = own.createStatement()) {
                statement.executeUpdate("DELETE FROM cache_instances WHERE lease_until < clock_timestamp() - interval '1 minute'");
            }
        }
    }

    private void upsert(Connection own) throws SQLException {
        try (var statement = own.prepareStatement(RENEW)) {
            statement.setString(1, id);
            statement.setLong(2, seen);
            statement.executeUpdate();
        }
    }

    private static long newest(Connection own) throws SQLException {
        try (var statement = own.createStatement(); var result = statement.executeQuery(NEWEST)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void clearAll() {
        clears.forEach(Runnable::run);
    }

    private static void pauseMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving and listening, and gives up the lease so no change waits for this instance. */
    @Override
    public void close() {
        running = false;
        leaseEnd = System.nanoTime();
        var own = connection;
        try {
            if (own != null) {
                own.close(); // ends the listener's wait for notifications
            }
            listener.join(TimeUnit.SECONDS.toMillis(5));
        } catch (SQLException e) {
            LOG.debug("closing the invalidation connection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            jdbi.useHandle(h -> h.execute("DELETE FROM cache_instances WHERE instance_id = ?", id));
        } catch (RuntimeException e) {
            // a database that is gone or cut off: the row's lease runs out, and changes stop waiting for it then
            LOG.info("Leaving the cache instances without the database ({}): others wait out this lease", e.getMessage());
        }
    }
}
