package tokendesk;

import java.sql.Types;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import tokendesk.permission.PermissionSet;

/** The connection pool, migrated by Flyway, and the Jdbi that every DAO is attached through. */
public final class Database implements AutoCloseable {
    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;

    private Database(JdbcConnectionPool pool, Jdbi jdbi) {
        this.pool = pool;
        this.jdbi = jdbi;
    }

    public static Database open(String url) {
        var pool = JdbcConnectionPool.create(durable(closedByUs(url)), "sa", "");
        pool.setMaxConnections(32);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        var jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        jdbi.registerColumnMapper(PermissionSet.class, (rs, column, ctx) -> PermissionSet.parseStored(rs.getString(column)));
        jdbi.registerArgument(new PermissionSetArgument());
        return new Database(pool, jdbi);
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
        if (!file || url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    /** Whether a failed statement broke a unique constraint (e.g. two requests creating the same name at once). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A unique violation of the named constraint or index (H2 names it in the message, upper case). */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())
                    && sql.getMessage() != null && sql.getMessage().toUpperCase().contains(constraint.toUpperCase())) {
                return true;
            }
        }
        return false;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Connections in use and the most the pool hands out, for the metrics. */
    public tokendesk.metrics.Metrics.PoolCounts poolCounts() {
        return new tokendesk.metrics.Metrics.PoolCounts(pool.getActiveConnections(), pool.getMaxConnections());
    }

    @Override
    public void close() {
        pool.dispose();
    }

    private static final class PermissionSetArgument extends AbstractArgumentFactory<PermissionSet> {
        PermissionSetArgument() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(PermissionSet value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.toString());
        }
    }
}
