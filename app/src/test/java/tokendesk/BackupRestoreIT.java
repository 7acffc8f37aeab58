package tokendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokendesk.shared.DatabaseSettings;
import tokendesk.support.RunningJar;
import tokendesk.support.TestDatabase;
import tokendesk.token.TokenValues;

/**
 * Issue 8: the README's "Backup and restore" commands, run as written, against the real jar. A server makes a
 * token, revokes another and stops; the database is dumped and restored into a new one; a server on the copy lets
 * the live token in, keeps the revoked one out, and holds the same rows.
 */
class BackupRestoreIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{16})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"(tc-apiv1_[0-9a-f]{64})\"");

    @TempDir
    Path dir;

    @Test
    void an_h2_file_saved_with_script_to_and_loaded_with_runscript_serves_the_same_tokens() throws Exception {
        var original = "jdbc:h2:file:" + dir.resolve("data/tokendesk");
        var restored = "jdbc:h2:file:" + dir.resolve("restored/tokendesk");
        var backup = dir.resolve("tokendesk-backup.sql");
        var owner = TokenValues.generate();
        var fleet = makeTokensAndStop(Map.of("DATABASE_URL", original), owner);

        // README: with the server stopped (H2 keeps its file locked while it runs)
        run(List.of(java(), "-cp", RunningJar.JAR.toString(), "org.h2.tools.Shell", "-url", original, "-user", "sa",
                "-sql", "SCRIPT TO '" + backup + "'"), Map.of());
        run(List.of(java(), "-cp", RunningJar.JAR.toString(), "org.h2.tools.RunScript", "-url", restored, "-user", "sa",
                "-script", backup.toString()), Map.of());

        assertThat(rows(Jdbi.create(restored, "sa", ""))).isEqualTo(rows(Jdbi.create(original, "sa", "")));
        checkServes(Map.of("DATABASE_URL", restored), owner, fleet);
    }

    @Test
    void a_postgresql_database_saved_with_pg_dump_and_loaded_with_pg_restore_serves_the_same_tokens() throws Exception {
        assumeTrue(TestDatabase.onServer(), "needs TEST_DATABASE_URL (a PostgreSQL server)");
        var original = TestDatabase.fresh();
        var restored = TestDatabase.empty();
        try {
            var env = Map.of("DATABASE_URL", original.url(), "DATABASE_USER", original.user(),
                    "DATABASE_PASSWORD", original.password());
            var owner = TokenValues.generate();
            var fleet = makeTokensAndStop(env, owner);
            var dump = dir.resolve("tokendesk.dump");
            var password = Map.of("PGPASSWORD", original.password());

            // README: pg_dump works while the servers run; pg_restore into a new, empty database
            run(List.of("pg_dump", "--format=custom", "--file=" + dump, libpq(original)), password);
            run(List.of("pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + libpq(restored), dump.toString()),
                    password);

            assertThat(rows(TestDatabase.jdbi(restored))).isEqualTo(rows(TestDatabase.jdbi(original)));
            checkServes(Map.of("DATABASE_URL", restored.url(), "DATABASE_USER", restored.user(),
                    "DATABASE_PASSWORD", restored.password()), owner, fleet);
        } finally {
            TestDatabase.drop(original);
            TestDatabase.drop(restored);
        }
    }

    /** What the first server made: a live token and a revoked one (values secret, never printed). */
    private record Fleet(String liveValue, String revokedValue) {
        @Override
        public String toString() {
            return "Fleet[two tokens]";
        }
    }

    private Fleet makeTokensAndStop(Map<String, String> database, String ownerToken) throws Exception {
        var env = new java.util.HashMap<>(database);
        env.putAll(Map.of("OWNER_USERNAME", "owner", "OWNER_PASSWORD", "backup test owner password",
                "OWNER_TOKEN", ownerToken));
        var jar = RunningJar.start(env, dir.resolve("before.log"));
        try {
            var live = post(jar, ownerToken, "/api/tokens", "{\"description\":\"kept\",\"permissions\":[\"configs:read\"]}");
            var revoked = post(jar, ownerToken, "/api/tokens", "{\"description\":\"revoked\",\"permissions\":[\"configs:read\"]}");
            post(jar, ownerToken, "/api/tokens/" + match(ID, revoked) + "/revoke", "");
            assertThat(jar.get("/api/v2/me", match(TOKEN, live))).isEqualTo(200);
            return new Fleet(match(TOKEN, live), match(TOKEN, revoked));
        } finally {
            jar.stop();
        }
    }

    private void checkServes(Map<String, String> database, String ownerToken, Fleet fleet) throws Exception {
        var jar = RunningJar.start(database, dir.resolve("after.log"));
        try {
            assertThat(jar.get("/api/v2/me", ownerToken)).as("the bootstrap token").isEqualTo(200);
            assertThat(jar.get("/api/v2/me", fleet.liveValue())).as("the live token").isEqualTo(200);
            assertThat(jar.get("/api/v2/me", fleet.revokedValue())).as("the revoked token").isEqualTo(401);
        } finally {
            jar.stop();
        }
    }

    /** Every row that matters, in a stable order: users, tokens, audit events, applied migrations. */
    private static List<String> rows(Jdbi jdbi) {
        var all = new ArrayList<String>();
        for (var sql : List.of("SELECT id || username || role FROM users ORDER BY id",
                "SELECT id || description || digest FROM tokens ORDER BY id",
                "SELECT token_id || COALESCE(revoked_by, '-') FROM token_revocations ORDER BY token_id",
                "SELECT action || target_count || COALESCE(target_ids, '') FROM audit_events ORDER BY id",
                "SELECT \"version\" || \"checksum\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            all.addAll(jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list()));
        }
        return all;
    }

    private static String post(RunningJar jar, String token, String path, String json) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(jar.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s", path).isBetween(200, 201);
        return response.body();
    }

    private static String match(Pattern pattern, String body) {
        var matcher = pattern.matcher(body);
        assertThat(matcher.find()).as("%s in the answer", pattern).isTrue();
        return matcher.group(1);
    }

    /** postgresql://user@host:port/name, from the JDBC URL (the password goes in PGPASSWORD, not on a command line). */
    private static String libpq(DatabaseSettings database) {
        var url = DatabaseSettings.withoutParameters(database.url()).substring("jdbc:".length());
        return url.replace("postgresql://", "postgresql://" + database.user() + "@");
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void run(List<String> command, Map<String, String> env) throws Exception {
        var log = Files.createTempFile(dir, "command", ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        var process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command.get(0)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, Files.readString(log)).isZero();
    }
}
