package tokendesk.support;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import tokendesk.App;
import tokendesk.Config;
import tokendesk.shared.DatabaseSettings;

/** A real server on an ephemeral port over its own migrated database (in-memory H2, or see {@link TestDatabase}). */
public final class TestServer implements AutoCloseable {
    public static final String OWNER = "owner";
    public static final String OWNER_PASSWORD = "correct horse battery";

    private final Javalin app;
    private final DatabaseSettings database;
    /** The fresh database this server made and drops when it closes; null when it runs on someone else's. */
    private final DatabaseSettings owned;

    private TestServer(Config config, Clock clock, DatabaseSettings owned) {
        this.database = config.database();
        this.owned = owned;
        try {
            this.app = App.create(config, clock).start();
        } catch (RuntimeException e) {
            dropOwned();
            throw e;
        }
    }

    /** A fresh server with no owner yet (first start). */
    public static TestServer fresh() {
        return start(c -> c);
    }

    /** A server whose owner account exists (created from OWNER_USERNAME/OWNER_PASSWORD). */
    public static TestServer withOwner() {
        return start(c -> c.withOwner(OWNER, OWNER_PASSWORD));
    }

    public static TestServer start(UnaryOperator<Config> customize) {
        return start(customize, Clock.systemUTC());
    }

    public static TestServer start(UnaryOperator<Config> customize, Clock clock) {
        var fresh = TestDatabase.fresh();
        return new TestServer(customize.apply(Config.forTests(fresh)), clock, fresh);
    }

    /** A server on {@code database}, which outlives it (e.g. a second instance on another server's database). */
    public static TestServer sharing(DatabaseSettings database, UnaryOperator<Config> customize) {
        return sharing(database, customize, Clock.systemUTC());
    }

    public static TestServer sharing(DatabaseSettings database, UnaryOperator<Config> customize, Clock clock) {
        return new TestServer(customize.apply(Config.forTests(database)), clock, null);
    }

    /** The running Javalin, e.g. to read the routes it registered. */
    public Javalin app() {
        return app;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public WebClient client() {
        return new WebClient(baseUrl());
    }

    /** A client already signed in as the owner. */
    public WebClient owner() {
        var client = client();
        client.signIn(OWNER, OWNER_PASSWORD);
        return client;
    }

    /** Direct database access for assertions about what was (not) changed. */
    public Jdbi jdbi() {
        return TestDatabase.jdbi(database);
    }

    public DatabaseSettings database() {
        return database;
    }

    public int count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    @Override
    public void close() {
        app.stop();
        dropOwned();
    }

    private void dropOwned() {
        if (owned != null) {
            TestDatabase.drop(owned);
        }
    }
}
