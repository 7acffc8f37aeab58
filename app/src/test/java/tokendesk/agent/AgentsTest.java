package tokendesk.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.support.Api;
import tokendesk.support.MutableClock;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

class AgentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEARTBEAT = "/agents/heartbeat";

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Test
    void a_heartbeat_without_an_instance_id_or_with_a_broken_body_is_a_400_json_error() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bodies = List.of("", "not json", "{\"instance_id\": ", "[1, 2]", "\"agent-1\"", "null", "{}",
                    "{\"instance_id\": \"   \"}", "{\"instance_id\": 42}", "{\"hostname\": \"web-01\"}",
                    "{\"instance_id\": \"" + "x".repeat(256) + "\"}",
                    "{\"instance_id\": \"a\", \"hostname\": [1]}",
                    "{\"instance_id\": \"a\", \"statistics\": 5}",
                    "{\"instance_id\": \"a\", \"configurations\": \"/etc/telegraf.conf\"}");
            for (var body : bodies) {
                var response = owner.postJson(HEARTBEAT, body);
                assertThat(response.statusCode()).as(body).isEqualTo(400);
                var error = json(response.body());
                assertThat(error.get("code").asText()).as(body).isEqualTo("invalid");
                assertThat(error.get("message").asText()).as(body).isNotBlank();
            }
            assertThat(json(owner.postJson(HEARTBEAT, "{}").body()).get("message").asText()).contains("instance_id");
            assertThat(server.count("SELECT COUNT(*) FROM agents")).isZero();
        }
    }

    @Test
    void a_json_client_that_sends_no_accept_header_still_gets_json_errors() {
        try (var server = TestServer.withOwner()) {
            var response = server.owner().postBody(HEARTBEAT, "application/json", "{\"hostname\": \"web-01\"}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json(response.body()).get("code").asText()).isEqualTo("invalid");
        }
    }

    @Test
    void two_heartbeats_of_one_instance_make_one_agent_with_the_later_time() {
        var clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var owner = server.owner();
            var first = owner.postJson(HEARTBEAT, "{\"instance_id\": \"agent-123\", \"hostname\": \"web-01\"}");
            assertThat(first.statusCode()).isEqualTo(200);
            var agent = json(first.body());
            assertThat(agent.get("instanceId").asText()).isEqualTo("agent-123");
            assertThat(agent.get("lastHeartbeatAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(agent.get("lastTokenId").isNull()).isTrue();

            clock.advance(Duration.ofMinutes(5));
            var second = owner.postJson(HEARTBEAT,
                    "{\"instance_id\": \"agent-123\", \"statistics\": {\"errors\": 0, \"warnings\": 1, \"metrics\": 42}}");
            assertThat(second.statusCode()).isEqualTo(200);
            var updated = json(second.body());
            assertThat(updated.get("id").asText()).isEqualTo(agent.get("id").asText());
            assertThat(updated.get("lastHeartbeatAt").asText()).isEqualTo("2026-03-01T10:05:00Z");
            assertThat(updated.get("firstSeenAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(updated.get("hostname").asText()).as("kept from the first heartbeat").isEqualTo("web-01");
            assertThat(updated.get("statistics").get("metrics").asInt()).isEqualTo(42);
            assertThat(server.count("SELECT COUNT(*) FROM agents")).isEqualTo(1);

            var listed = json(owner.getJson("/api/agents").body()).get("agents");
            assertThat(listed.size()).isEqualTo(1);
            assertThat(listed.get(0).get("lastHeartbeatAt").asText()).isEqualTo("2026-03-01T10:05:00Z");
        }
    }

    @Test
    void telegrafs_own_message_with_id_version_and_unknown_fields_is_accepted() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var message = """
                    {"id": "telegraf-db-01", "version": "Telegraf 1.37.0", "schema": 1, "hostname": "db-01",
                     "statistics": {"errors": 0, "warnings": 2, "metrics": 120},
                     "configurations": ["/etc/telegraf/telegraf.conf"],
                     "logs": [{"time": "2026-03-01T10:00:00Z", "level": "WARN", "source": "inputs.cpu", "message": "slow"}],
                     "status": "OK", "something_new": {"x": 1}}
                    """;
            assertThat(owner.postJson(HEARTBEAT, message).statusCode()).isEqualTo(200);

            var listed = json(owner.getJson("/api/agents").body()).get("agents").get(0);
            assertThat(listed.has("statistics")).as("a list never carries statistics").isFalse();
            var agent = json(owner.getJson("/api/agents/" + listed.get("id").asText()).body());
            assertThat(agent.get("instanceId").asText()).isEqualTo("telegraf-db-01");
            assertThat(agent.get("hostname").asText()).isEqualTo("db-01");
            assertThat(agent.get("version").asText()).isEqualTo("Telegraf 1.37.0");
            assertThat(agent.get("status").asText()).isEqualTo("OK");
            assertThat(agent.get("statistics").get("warnings").asInt()).isEqualTo(2);
            assertThat(agent.get("configurations").get(0).asText()).isEqualTo("/etc/telegraf/telegraf.conf");
        }
    }

    @Test
    void the_agents_page_lists_agents_and_says_when_there_are_none() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(owner.get("/agents").body()).contains("<h1>Agents</h1>").contains("No agents yet.")
                    .contains("id=\"nav-agents\"");
            assertThat(json(owner.getJson("/api/agents").body()).get("agents").size()).isZero();

            owner.postJson(HEARTBEAT, "{\"instance_id\": \"agent-<b>1</b>\", \"hostname\": \"web-01\"}");
            var page = owner.get("/agents").body();
            assertThat(page).doesNotContain("No agents yet.").contains("web-01").contains("agent-&lt;b&gt;1&lt;/b&gt;")
                    .doesNotContain("agent-<b>1");
            assertThat(page.substring(page.indexOf("class=\"token\""))).contains("—");
        }
    }

    @Test
    void the_agents_page_names_the_reporting_token_only_to_those_who_may_open_it() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Users.create(server, owner, "vic", Role.VIEWER);
            var viewer = Users.signedIn(server, "vic");
            var token = Tokens.create(server, owner, "telegraf on web-01");
            owner.postJson(HEARTBEAT, "{\"instance_id\": \"agent-1\", \"hostname\": \"web-01\"}");
            // as a heartbeat authenticated with that token records it (token authentication is a separate feature)
            server.jdbi().useHandle(h -> h.createUpdate("UPDATE agents SET last_token_id = :t")
                    .bind("t", token.id()).execute());

            assertThat(owner.get("/agents").body())
                    .contains("<a href=\"/tokens/" + token.id() + "\">telegraf on web-01</a>");
            var viewersPage = viewer.get("/agents").body();
            assertThat(viewersPage).contains(token.id()).doesNotContain("telegraf on web-01")
                    .doesNotContain("href=\"/tokens/");
            assertThat(json(owner.getJson("/api/agents").body()).get("agents").get(0).get("lastTokenId").asText()).isEqualTo(token.id());

            assertThat(owner.post("/tokens/" + token.id() + "/delete").statusCode()).isEqualTo(303);
            var page = owner.get("/agents").body();
            assertThat(page.substring(page.indexOf("id=\"agent-table\""))).contains("<code>" + token.id() + "</code>")
                    .doesNotContain("telegraf on web-01").doesNotContain("href=\"/tokens/");
            assertThat(server.count("SELECT COUNT(*) FROM agents")).as("deleting a token keeps its agents").isEqualTo(1);
        }
    }

    @Test
    void a_viewer_reads_agents_but_may_not_send_heartbeats() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Users.create(server, owner, "vic", Role.VIEWER);
            var viewer = Users.signedIn(server, "vic");
            owner.postJson(HEARTBEAT, "{\"instance_id\": \"agent-1\"}");

            var refused = viewer.postJson(HEARTBEAT, "{\"instance_id\": \"agent-2\"}");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json(refused.body()).get("code").asText()).isEqualTo("forbidden");
            assertThat(viewer.get("/agents").statusCode()).isEqualTo(200);
            assertThat(json(viewer.getJson("/api/agents").body()).get("agents").size()).isEqualTo(1);
            assertThat(viewer.get("/").body()).contains("id=\"nav-agents\"").contains("id=\"nav-configs\"")
                    .doesNotContain("id=\"nav-tokens\"");
            assertThat(server.count("SELECT COUNT(*) FROM agents")).isEqualTo(1);
        }
    }

    @Test
    void signed_out_api_clients_get_401_json() {
        try (var server = TestServer.withOwner()) {
            var response = server.client().getJson("/api/agents");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response.body()).get("code").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void heartbeats_of_a_known_agent_are_written_behind_and_every_read_sees_the_latest() {
        var clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var owner = server.owner();
            owner.postJson(HEARTBEAT, "{\"instance_id\": \"busy\", \"hostname\": \"web-01\"}");
            assertThat(server.count("SELECT COUNT(*) FROM agents")).as("a new agent is written at once").isEqualTo(1);
            for (int i = 1; i <= 100; i++) {
                clock.advance(Duration.ofSeconds(1));
                var answer = json(owner.postJson(HEARTBEAT,
                        "{\"instance_id\": \"busy\", \"statistics\": {\"metrics\": " + i + "}}").body());
                assertThat(answer.get("statistics").get("metrics").asInt()).isEqualTo(i);
                assertThat(answer.get("hostname").asText()).isEqualTo("web-01");
            }
            var listed = json(owner.getJson("/api/agents").body()).get("agents").get(0);
            assertThat(listed.get("lastHeartbeatAt").asText()).isEqualTo("2026-03-01T10:01:40Z");
            var one = json(owner.getJson("/api/agents/" + listed.get("id").asText()).body());
            assertThat(one.get("statistics").get("metrics").asInt()).isEqualTo(100);
            assertThat(server.count("SELECT COUNT(*) FROM agents WHERE statistics LIKE '%100%'")).isEqualTo(1);
        }
    }

    @Test
    void an_agent_not_heard_from_leaves_memory_once_its_heartbeats_are_written() {
        var clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var owner = server.owner();
            owner.postJson(HEARTBEAT, "{\"instance_id\": \"quiet\", \"hostname\": \"web-01\"}");
            clock.advance(Duration.ofSeconds(1));
            owner.postJson(HEARTBEAT, "{\"instance_id\": \"quiet\", \"hostname\": \"web-02\"}");
            // a change behind the server's back shows whether an answer comes from memory or from the database
            server.jdbi().useHandle(h -> h.execute("UPDATE agents SET version = 'behind' WHERE instance_id = 'quiet'"));
            assertThat(json(owner.postJson(HEARTBEAT, "{\"instance_id\": \"quiet\"}").body()).get("version").isNull())
                    .as("held in memory").isTrue();

            clock.advance(AgentMemory.IDLE.plusMinutes(1));
            var listed = json(owner.getJson("/api/agents").body()).get("agents").get(0);
            assertThat(listed.get("hostname").asText()).as("written before it left memory").isEqualTo("web-02");
            assertThat(listed.get("lastHeartbeatAt").asText()).isEqualTo("2026-03-01T10:00:01Z");
            assertThat(json(owner.postJson(HEARTBEAT, "{\"instance_id\": \"quiet\"}").body()).get("version").asText())
                    .as("read from the database again").isEqualTo("behind");
        }
    }

    @Test
    void with_the_agents_api_open_anyone_lists_agents_but_nobody_anonymous_deletes_one() {
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withDisabledAuthEndpoints(Set.of("agents", "heartbeat")))) {
            var anonymous = Api.withHeader(server, null);
            assertThat(anonymous.post(HEARTBEAT, "{\"id\": \"open-1\"}").statusCode()).isEqualTo(200);
            var listed = json(anonymous.get("/api/agents").body()).get("agents").get(0);
            assertThat(listed.get("owner").isNull()).as("a heartbeat without a token claims nothing").isTrue();
            assertThat(anonymous.get("/api/agents/" + listed.get("id").asText()).statusCode()).isEqualTo(200);
            assertThat(anonymous.delete("/api/agents/" + listed.get("id").asText()).statusCode()).isEqualTo(403);
            assertThat(server.count("SELECT COUNT(*) FROM agents")).isEqualTo(1);
        }
    }

    /** V15: an agent reported before it belongs to the owner of its last token while that token exists, else nobody. */
    @Test
    void agents_from_before_v15_belong_to_the_owner_of_their_last_token() {
        var database = TestDatabase.onServer() ? TestDatabase.empty() : TestDatabase.fresh();
        try {
            var dialect = Database.Dialect.of(database.url());
            Flyway.configure().dataSource(database.url(), database.user() == null ? "sa" : database.user(),
                    database.password() == null ? "" : database.password())
                    .locations(dialect.migrationLocations()).target("14").load().migrate();
            var jdbi = TestDatabase.jdbi(database);
            var userId = Ids.random();
            jdbi.useHandle(h -> h.execute("INSERT INTO users (id, username, password_hash, role, created_at)"
                    + " VALUES (?, 'mia', 'unused', 'MANAGER', ?)", userId, Instant.now()));
            var tokenId = SeedTokens.active(jdbi, userId, "telegraf", 1, "heartbeat:write").get(0).id();
            for (var row : List.of(List.of("with-token", tokenId), List.of("token-gone", "0123456789abcdef"))) {
                jdbi.useHandle(h -> h.execute("INSERT INTO agents (id, instance_id, first_seen_at, last_heartbeat_at,"
                        + " last_token_id) VALUES (?, ?, ?, ?, ?)", Ids.random(), row.get(0), Instant.now(), Instant.now(),
                        row.get(1)));
            }
            try (var server = TestServer.sharing(database, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD))) {
                var agents = json(server.owner().getJson("/api/agents").body()).get("agents");
                var owners = new TreeMap<String, String>();
                agents.forEach(a -> owners.put(a.get("instanceId").asText(), a.get("owner").asText(null)));
                assertThat(owners).containsEntry("with-token", "mia").containsEntry("token-gone", null).hasSize(2);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }
}
