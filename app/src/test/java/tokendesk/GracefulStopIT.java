package tokendesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokendesk.support.RunningJar;
import tokendesk.support.SeedTokens;
import tokendesk.support.Tokens;
import tokendesk.token.TokenValues;

/**
 * SIGTERM on the real jar: a request in flight finishes and its change is kept, the last-used time of a token
 * used just before (still waiting for its 2 s write-behind) is written, and the process exits on its own.
 */
class GracefulStopIT {
    private static final int TOKENS = 3_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void sigterm_lets_the_request_in_flight_finish_and_writes_pending_last_used_times() throws Exception {
        var url = "jdbc:h2:file:" + dir.resolve("db");
        var bootstrap = TokenValues.generate();
        var env = Map.of("DATABASE_URL", url, "OWNER_USERNAME", "owner", "OWNER_PASSWORD", "graceful stop password",
                "OWNER_TOKEN", bootstrap);
        RunningJar.start(env, dir.resolve("first.log")).stop();
        var jdbi = Jdbi.create(url, "sa", "");
        var ownerId = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'").mapTo(String.class).one());
        var seeded = SeedTokens.active(jdbi, ownerId, "grace", TOKENS, "configs:read");
        var used = seeded.get(0);

        var jar = RunningJar.start(env, dir.resolve("second.log"));
        assertThat(jar.get("/api/configs", used.value())).isEqualTo(200);
        var ids = seeded.stream().map(s -> "\"" + s.id() + "\"").toList();
        var revoke = HttpRequest.newBuilder(URI.create(jar.baseUrl() + "/api/tokens/bulk/revoke"))
                .header("Authorization", "Bearer " + bootstrap).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[" + String.join(",", ids) + "]}")).build();
        var answer = HTTP.sendAsync(revoke, HttpResponse.BodyHandlers.ofString());
        // the race this test sets up: the bulk revoke (about a second for 3,000 tokens) is under way when SIGTERM comes
        Thread.sleep(200);
        long terminatedAt = System.nanoTime();
        jar.process().destroy();
        var response = answer.join();
        long answeredAt = System.nanoTime();
        assertThat(jar.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("exits on its own").isTrue();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"revoked\":" + TOKENS + "}");
        assertThat(answeredAt).as("answered after SIGTERM: it was in flight").isGreaterThan(terminatedAt);
        var log = Files.readString(dir.resolve("second.log"));
        assertThat(log).doesNotContain("flush failed").doesNotContain("already closed");

        var revoked = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + Tokens.WITH_STATUS
                + " WHERE description LIKE 'grace%' AND status = 'REVOKED'").mapTo(Integer.class).one());
        assertThat(revoked).isEqualTo(TOKENS);
        var lastUsed = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE id = :id AND last_used_at IS NOT NULL")
                .bind("id", used.id()).mapTo(Integer.class).one());
        assertThat(lastUsed).as("the pending last-used time was written on the way out").isEqualTo(1);
    }
}
