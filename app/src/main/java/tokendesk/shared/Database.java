package tokendesk.shared;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The connection pool (HikariCP), migrated by Flyway, and the Jdbi that every DAO is attached through. H2 (the
 * default, one machine) and PostgreSQL (several instances on one database) run the same DAOs; the differences are
 * here: {@link Dialect} and the migrations under {@code db/h2} and {@code db/postgresql}.
 */
public final class Database implements AutoCloseable {
    /** The databases tokendesk runs on, told apart by the JDBC URL. */
    public enum Dialect {
        H2("jdbc:h2:"), POSTGRESQL("jdbc:postgresql:");

        private final String urlPrefix;

        Dialect(String urlPrefix) {
            this.urlPrefix = urlPrefix;
        }

        public static Dialect of(String url) {
            for (var dialect : values()) {
                if (url.startsWith(dialect.urlPrefix)) {
                    return dialect;
                }
            }
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:h2: or jdbc:postgresql:");
        }

        /** Whether other processes may use the same database, so nothing read from it may be trusted for long. */
        public boolean shared() {
            return this == POSTGRESQL;
        }

        /** Migrations every database runs, then those written in this one's dialect (same versions, same tables). */
        public String[] migrationLocations() {
            return new String[] {"classpath:db/migration", "classpath:db/" + name().toLowerCase(Locale.ROOT)};
        }
    }

    static final int H2_LOCK_TIMEOUT_MILLIS = 15_000;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Jdbi jdbi, Dialect dialect) {
        this.pool = pool;
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    /** H2's own user when none is given; PostgreSQL takes the user from here or from the URL. */
    public static Database open(String url) {
        return open(url, null, null, 32);
    }

    public static Database open(DatabaseSettings settings) {
        return open(settings.url(), settings.user(), settings.password(), settings.poolSize());
    }

    public static Database open(String url, String user, String password, int poolSize) {
        var dialect = Dialect.of(url);
        var settings = new HikariConfig();
        settings.setPoolName("tokendesk");
        settings.setJdbcUrl(dialect == Dialect.H2 ? durable(closedByUs(url)) : url);
        if (user != null) {
            settings.setUsername(user);
            settings.setPassword(password == null ? "" : password);
        } else if (dialect == Dialect.H2) {
            settings.setUsername("sa");
            settings.setPassword("");
        }
        settings.setMaximumPoolSize(poolSize);
        settings.setMinimumIdle(Math.min(4, poolSize));
        // a request waits at most this long for a connection; /health says "fail" rather than hang
        settings.setConnectionTimeout(5_000);
        if (dialect == Dialect.H2) {
            // H2 gives up on a lock after 2 s; every revoke and delete of tokens takes one lock (TokenDao.lockChanges),
            // and a bulk revoke of 50,000 tokens may hold it longer than that (PostgreSQL waits as long as it takes)
            settings.setConnectionInitSql("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MILLIS);
        }
        var pool = new HikariDataSource(settings);
        try {
            Flyway.configure().dataSource(pool).locations(dialect.migrationLocations()).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        var jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        return new Database(pool, jdbi, dialect);
    }

    /**
     * H2 closes its databases from a JVM shutdown hook of its own, racing ours, which must still write the
     * pending last-used times and heartbeats: so H2 leaves closing to us (App's serverStopped closes the pool).
     */
    static String closedByUs(String url) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase().contains("DB_CLOSE_ON_EXIT")
                ? url + ";DB_CLOSE_ON_EXIT=FALSE" : url;
    }

    /**
     * An H2 file database stores every commit before the commit returns (WRITE_DELAY=0). With H2's default (stored
     * up to 500 ms later, by a background writer) a process killed just after confirming a bulk revoke forgot it, and
     * a kill while a big transaction committed could leave part of it applied after the restart (BulkChangeCrashIT).
     */
    static String durable(String url) {
        boolean file = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:");
        if (!file || url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    /** Whether a failed statement broke a unique constraint (e.g. two requests creating the same name at once). */
    public static boolean isUniqueViolation(Throwable failure) {
        return uniqueViolation(failure).isPresent();
    }

    /**
     * Runs a write whose check that a name or value is free can lose a race with another writer, so the unique key
     * decides: a violation becomes what {@code conflictFor} makes of the violation's message (upper case; it names
     * the constraint or index), or stays as it is when that is null.
     */
    public static <T> T mappingUniqueViolations(Supplier<T> write, Function<String, RuntimeException> conflictFor) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            var conflict = uniqueViolation(e).map(conflictFor);
            if (conflict.isPresent()) {
                throw conflict.get();
            }
            throw e;
        }
    }

    /** The message of the unique violation among the causes, upper case (H2 names constraints so, PostgreSQL lower). */
    private static Optional<String> uniqueViolation(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return Optional.of(String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs {@code task} while holding the named row of instance_locks, so instances that start together on one
     * database take turns: the second waits for the row until the first has committed, then finds the work done.
     */
    public void exclusively(String lock, Runnable task) {
        jdbi.useTransaction(handle -> {
            handle.createQuery("SELECT name FROM instance_locks WHERE name = :name FOR UPDATE").bind("name", lock)
                    .mapTo(String.class).findOne()
                    .orElseThrow(() -> new IllegalStateException("no instance lock named " + lock));
            task.run();
        });
    }

    /** Connections in use, and the most the pool hands out. */
    public record PoolCounts(int active, int max) {
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Connections in use and the most the pool hands out, for the metrics. */
    public PoolCounts poolCounts() {
        var bean = pool.getHikariPoolMXBean();
        return new PoolCounts(bean == null ? 0 : bean.getActiveConnections(),
                pool.getMaximumPoolSize());
    }

    @Override
    public void close() {
        pool.close();
    }
}
