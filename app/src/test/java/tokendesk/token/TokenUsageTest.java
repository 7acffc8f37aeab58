package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tokendesk.shared.Database;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

class TokenUsageTest {

    @Test
    void a_thousand_uses_of_one_token_cost_one_write_with_the_latest_use() {
        try (var server = TestServer.withOwner(); var database = Database.open(server.database());
                var usage = new TokenUsage(database.jdbi(), Duration.ofHours(1))) {
            var busy = Tokens.create(server, server.owner(), "busy").id();
            var quiet = Tokens.create(server, server.owner(), "quiet").id();
            var start = Instant.parse("2026-11-25T10:00:00Z");
            for (int i = 0; i < 1000; i++) {
                usage.record(busy, start.plusMillis(i), "10.0.0." + (i % 7), "telegraf/1.36");
            }
            usage.record(quiet, start, "10.0.0.99", null);
            usage.record("0123456789abcdef", start, "10.0.0.1", "gone");

            assertThat(usage.flush()).isEqualTo(3);
            assertThat(usage.flush()).as("nothing left to write").isZero();
            var row = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT last_used_at, last_used_from, first_used_at FROM tokens WHERE id = :id").bind("id", busy)
                    .mapToMap().one());
            assertThat(row.get("last_used_from")).isEqualTo("10.0.0." + (999 % 7));
            assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE kind = 'first used'")).isEqualTo(2);

            usage.record(busy, start.plusSeconds(60), "10.0.0.5", "telegraf/1.36");
            usage.flush();
            assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE kind = 'first used'"))
                    .as("first use is recorded once").isEqualTo(2);
            assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE first_used_at < last_used_at")).isEqualTo(1);
        }
    }
}
