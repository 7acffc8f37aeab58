package tokendesk.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import tokendesk.shared.Database;
import tokendesk.shared.DatabaseSettings;

/**
 * A fresh, empty database for one test: an in-memory H2 by default, or, when {@code TEST_DATABASE_URL} names a
 * PostgreSQL database ({@code TEST_DATABASE_USER}, {@code TEST_DATABASE_PASSWORD}; the user may create databases),
 * a new database on that server, copied from a template that this JVM migrated once (a copy takes a fraction of
 * the time of running every migration for each test; each server still checks the migrations when it starts).
 */
public final class TestDatabase {
    private static final String SERVER_URL = System.getenv("TEST_DATABASE_URL");
    private static final String USER = System.getenv("TEST_DATABASE_USER");
    private static final String PASSWORD = System.getenv("TEST_DATABASE_PASSWORD");

    private TestDatabase() {
    }

    /** Whether the tests run on a PostgreSQL server rather than on in-memory H2. */
    public static boolean onServer() {
        return SERVER_URL != null && !SERVER_URL.isBlank();
    }

    public static DatabaseSettings fresh() {
        if (!onServer()) {
            return new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 32);
        }
        var name = "test_" + UUID.randomUUID().toString().replace("-", "");
        run(SERVER_URL, "CREATE DATABASE " + name + " TEMPLATE " + Template.NAME + " STRATEGY FILE_COPY");
        return settings(name);
    }

    /** A new database on the server with nothing in it, not even the migrations (e.g. to restore a dump into). */
    public static DatabaseSettings empty() {
        var name = "test_" + UUID.randomUUID().toString().replace("-", "");
        run(SERVER_URL, "CREATE DATABASE " + name);
        return settings(name);
    }

    /** Frees what {@link #fresh()} made: nothing for H2 (gone with the JVM), the database on a server. */
    public static void drop(DatabaseSettings database) {
        if (!onServer()) {
            return;
        }
        // FORCE ends our own connections, but not an autovacuum worker that happens to be in it: try again shortly
        for (int attempt = 1; ; attempt++) {
            try {
                run(SERVER_URL, "DROP DATABASE IF EXISTS " + nameOf(database.url()) + " WITH (FORCE)");
                return;
            } catch (IllegalStateException e) {
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The migrated database every test database is copied from; made on first use, dropped when the JVM ends. */
    private static final class Template {
        static final String NAME = "template_" + UUID.randomUUID().toString().replace("-", "");

        static {
            run(SERVER_URL, "CREATE DATABASE " + NAME);
            Database.open(settings(NAME)).close();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run(SERVER_URL, "DROP DATABASE IF EXISTS " + NAME)));
        }
    }

    private static DatabaseSettings settings(String name) {
        var base = DatabaseSettings.withoutParameters(SERVER_URL);
        var url = base.substring(0, base.lastIndexOf('/') + 1) + name + SERVER_URL.substring(base.length());
        return new DatabaseSettings(url, USER, PASSWORD, 32);
    }

    private static String nameOf(String url) {
        var base = DatabaseSettings.withoutParameters(url);
        return base.substring(base.lastIndexOf('/') + 1);
    }

    /** Direct access, for assertions about what was (not) changed. */
    public static Jdbi jdbi(DatabaseSettings database) {
        var jdbi = database.user() == null ? Jdbi.create(database.url(), "sa", "")
                : Jdbi.create(database.url(), database.user(), database.password());
        return jdbi.installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin());
    }

    private static void run(String url, String sql) {
        try (var connection = DriverManager.getConnection(url, USER, PASSWORD);
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql, e);
        }
    }
}
