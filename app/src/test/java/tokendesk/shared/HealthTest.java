package tokendesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;

class HealthTest {

    @Test
    void health_reports_the_database_and_answers_503_when_it_is_gone() {
        try (var server = TestServer.withOwner()) {
            var client = server.client();
            var healthy = client.get("/health");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).isEqualTo("{\"status\":\"pass\",\"checks\":{\"database\":{\"status\":\"pass\"}}}");

            if (TestDatabase.onServer()) {
                // PostgreSQL: the database is dropped, its connections ended; new ones are refused
                TestDatabase.drop(server.database());
            } else {
                // the in-memory database goes away; a new connection finds an empty one without our tables
                try {
                    server.jdbi().useHandle(h -> h.execute("SHUTDOWN"));
                } catch (RuntimeException expected) {
                    // the connection that shut the database down closes under the statement
                }
            }
            var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            var answer = client.get("/health");
            while (answer.statusCode() == 200 && System.nanoTime() < deadline) {
                answer = client.get("/health");
            }
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("{\"status\":\"fail\",\"checks\":{\"database\":{\"status\":\"fail\","
                    + "\"output\":\"the database does not answer\"}}}");
        }
    }
}
