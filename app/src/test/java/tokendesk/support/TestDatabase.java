package tokendesk.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import tokendesk.Config.DatabaseSettings;

/**
 * A fresh, empty database for one test: an in-memory H2 by default, or, when {@code TEST_DATABASE_URL} names a
 * PostgreSQL server ({@code TEST_DATABASE_USER}, {@code TEST_DATABASE_PASSWORD}), a new schema of that database.
 * Either way the server migrates it when it starts.
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
        var schema = "test_" + UUID.randomUUID().toString().replace("-", "");
        run(SERVER_URL, "CREATE SCHEMA " + schema);
        var url = SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new DatabaseSettings(url, USER, PASSWORD, 16);
    }

    /** Frees what {@link #fresh()} made: nothing for H2 (gone with the JVM), the schema on a server. */
    public static void drop(DatabaseSettings database) {
        var marker = "currentSchema=";
        int at = database.url().indexOf(marker);
        if (onServer() && at >= 0) {
            run(SERVER_URL, "DROP SCHEMA IF EXISTS " + database.url().substring(at + marker.length()) + " CASCADE");
        }
    }

    /** Direct access, for assertions about what was (not) changed. */
    public static Jdbi jdbi(DatabaseSettings database) {
        return database.user() == null ? Jdbi.create(database.url(), "sa", "")
                : Jdbi.create(database.url(), database.user(), database.password());
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
