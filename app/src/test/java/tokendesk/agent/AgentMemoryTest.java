package tokendesk.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokendesk.shared.DatabaseSettings;
import tokendesk.support.Api;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/**
 * What issue 23 found: heartbeats of the largest accepted size, each from a new agent, must neither fill the heap nor
 * slow the Agents page and API down. The heap is read in this JVM (the server runs in it) after a full GC.
 */
class AgentMemoryTest {
    private static final int AGENTS = 500;
    private static final long MAX_GROWTH = 20L * 1024 * 1024;
    private static final long MAX_MILLIS = 200;

    @TempDir
    Path dir;

    @Test
    void five_hundred_new_agents_at_the_largest_accepted_size_leave_the_heap_and_the_lists_small() {
        try (var server = server()) {
            var owner = server.owner();
            var token = Api.bearer(server, Tokens.create(server, owner, "telegraf", "telegraf").value());
            assertThat(token.post(AgentApi.HEARTBEAT, heartbeat("warm-up")).statusCode()).isEqualTo(200);
            assertThat(owner.get("/agents").statusCode()).isEqualTo(200);
            assertThat(owner.getJson("/api/agents").statusCode()).isEqualTo(200);
            long before = usedHeapAfterGc();

            for (int i = 0; i < AGENTS; i++) {
                var answer = token.post(AgentApi.HEARTBEAT, heartbeat("agent-" + i));
                assertThat(answer.statusCode()).as("heartbeat %d: %s", i, answer.body().length() > 300
                        ? answer.body().substring(0, 300) : answer.body()).isEqualTo(200);
            }

            assertFastAndOk("the Agents page", () -> owner.get("/agents"));
            assertFastAndOk("GET /api/agents", () -> owner.getJson("/api/agents"));
            long growth = usedHeapAfterGc() - before;
            assertThat(growth).as("heap growth after %d agents: %d KB", AGENTS, growth / 1024).isLessThan(MAX_GROWTH);
        }
    }

    /**
     * On H2 the database lives in this JVM too: a file database with a small page cache, so what is measured is the
     * server's own memory, not H2's (bounded, configurable) cache of what was written.
     */
    private TestServer server() {
        if (TestDatabase.onServer()) {
            return TestServer.withOwner();
        }
        var file = new DatabaseSettings("jdbc:h2:file:" + dir.resolve("agents") + ";CACHE_SIZE=1024", null, null, 8);
        return TestServer.sharing(file, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD));
    }

    /** The largest heartbeat the server stores: every field at its limit. */
    private static String heartbeat(String instanceId) {
        int max = Heartbeat.MAX_CONTAINER_BYTES;
        var statistics = "{\"x\":\"" + "s".repeat(max - 8) + "\"}";
        var configurations = "[\"" + "c".repeat(max - 4) + "\"]";
        return "{\"id\":\"" + instanceId + "\",\"hostname\":\"" + "h".repeat(Heartbeat.MAX_TEXT) + "\",\"version\":\""
                + "v".repeat(Heartbeat.MAX_TEXT) + "\",\"status\":\"OK\",\"statistics\":" + statistics
                + ",\"configurations\":" + configurations + "}";
    }

    /** The fastest of five answers is a 200 within MAX_MILLIS (a slow answer on a busy machine is not the server's). */
    private static void assertFastAndOk(String what, Supplier<HttpResponse<String>> request) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            var response = request.get();
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            assertThat(response.statusCode()).as(what).isEqualTo(200);
        }
        assertThat(best).as("%s answered in %d ms", what, best).isLessThan(MAX_MILLIS);
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
