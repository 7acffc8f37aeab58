package tokendesk.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/**
 * Bounded heartbeats, the paged and searchable list, deleting agents and who an agent belongs to, on one server:
 * each test uses instance ids of its own.
 */
class AgentAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEARTBEAT = AgentApi.HEARTBEAT;

    private static TestServer server;
    private static WebClient owner;
    private static WebClient mia;
    private static Api ownerToken;
    private static Api miaToken;
    private static Api bobToken;
    private static String bobTokenId;

    @BeforeAll
    static void start() {
        server = TestServer.withOwner();
        owner = server.owner();
        Users.create(server, owner, "mia", Role.MANAGER);
        Users.create(server, owner, "bob", Role.MANAGER);
        mia = Users.signedIn(server, "mia");
        var bob = Users.signedIn(server, "bob");
        ownerToken = Api.bearer(server, Tokens.create(server, owner, "owner-telegraf", "full").value());
        miaToken = Api.bearer(server, Tokens.create(server, mia, "mia-telegraf", "telegraf").value());
        var bobs = Tokens.create(server, bob, "bob-telegraf", "full");
        bobToken = Api.bearer(server, bobs.value());
        bobTokenId = bobs.id();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String heartbeat(String instanceId, String hostname) {
        return "{\"id\": \"" + instanceId + "\", \"hostname\": \"" + hostname + "\", \"statistics\": {\"metrics\": 1}}";
    }

    private static String idOf(String instanceId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM agents WHERE instance_id = :i")
                .bind("i", instanceId).mapTo(String.class).one());
    }

    @Test
    void statistics_or_configurations_over_16_kb_are_a_400_naming_the_field_and_the_limit() {
        int max = Heartbeat.MAX_CONTAINER_BYTES;
        var atLimit = "{\"x\":\"" + "s".repeat(max - 8) + "\"}";
        assertThat(atLimit).hasSize(max);
        assertThat(miaToken.post(HEARTBEAT, "{\"id\": \"size-ok\", \"statistics\": " + atLimit
                + ", \"configurations\": [\"" + "c".repeat(max - 4) + "\"]}").statusCode()).isEqualTo(200);

        var overStatistics = miaToken.post(HEARTBEAT, "{\"id\": \"size-big\", \"statistics\": {\"x\":\""
                + "s".repeat(max - 7) + "\"}}");
        assertThat(overStatistics.statusCode()).isEqualTo(400);
        var error = json(overStatistics.body());
        assertThat(error.get("code").asText()).isEqualTo("field_too_large");
        assertThat(error.get("message").asText()).contains("\"statistics\"").contains("16 KB");

        var overConfigurations = miaToken.post(HEARTBEAT, "{\"id\": \"size-big\", \"configs\": [\""
                + "é".repeat(max / 2) + "\"]}");
        assertThat(overConfigurations.statusCode()).as("bytes, not characters").isEqualTo(400);
        assertThat(json(overConfigurations.body()).get("message").asText()).contains("\"configs\"");
        assertThat(server.count("SELECT COUNT(*) FROM agents WHERE instance_id = 'size-big'")).isZero();
    }

    @Test
    void the_list_is_paged_50_at_a_time_and_searched_by_instance_id_or_hostname() {
        for (int i = 0; i < 55; i++) {
            assertThat(miaToken.post(HEARTBEAT, heartbeat(String.format("fleet-%02d", i), "rack-" + i)).statusCode())
                    .isEqualTo(200);
        }
        var first = json(owner.getJson("/api/agents?q=FLEET-").body());
        assertThat(first.get("total").asLong()).isEqualTo(55);
        assertThat(first.get("agents").size()).isEqualTo(50);
        assertThat(first.get("agents").get(0).has("statistics")).isFalse();
        assertThat(first.get("agents").get(0).get("owner").asText()).isEqualTo("mia");
        var second = json(owner.getJson("/api/agents?q=fleet-&page=2").body());
        assertThat(second.get("agents").size()).isEqualTo(5);
        assertThat(json(owner.getJson("/api/agents?q=rack-54").body()).get("agents").get(0).get("instanceId").asText())
                .as("found by hostname").isEqualTo("fleet-54");
        assertThat(json(owner.getJson("/api/agents?q=fleet-&limit=7").body()).get("agents").size()).isEqualTo(7);
        assertThat(json(owner.getJson("/api/agents?q=%25").body()).get("total").asLong()).as("% is a character").isZero();
        assertThat(owner.getJson("/api/agents?limit=0").statusCode()).isEqualTo(400);
        assertThat(owner.getJson("/api/agents?page=x").statusCode()).isEqualTo(400);

        var page = owner.get("/agents?q=fleet-").body();
        assertThat(page).contains("55 agents").contains("Page 1 of 2").contains("id=\"page-next\"")
                .contains("href=\"/agents?q=fleet-&amp;page=2\"").doesNotContain("id=\"page-prev\"")
                .contains("<label class=\"inline-label\" for=\"agent-q\">Search agents</label>");
        assertThat(page.split("class=\"agent-row\"", -1)).hasSize(51);
        var pageTwo = owner.get("/agents?q=fleet-&page=2").body();
        assertThat(pageTwo).contains("id=\"page-prev\"").contains("href=\"/agents?q=fleet-\"").doesNotContain("id=\"page-next\"");
        assertThat(pageTwo.split("class=\"agent-row\"", -1)).hasSize(6);
        assertThat(owner.get("/agents?q=no-such-agent").body()).contains("No agents match this search");
    }

    @Test
    void one_agent_answers_with_its_statistics_and_configurations() {
        miaToken.post(HEARTBEAT, "{\"id\": \"one-1\", \"statistics\": {\"metrics\": 7}, \"configurations\": [\"a.conf\"]}");
        var agent = json(owner.getJson("/api/agents/" + idOf("one-1")).body());
        assertThat(agent.get("statistics").get("metrics").asInt()).isEqualTo(7);
        assertThat(agent.get("configurations").get(0).asText()).isEqualTo("a.conf");
        assertThat(agent.get("owner").asText()).isEqualTo("mia");
        assertThat(owner.getJson("/api/agents/0123456789abcdef").statusCode()).isEqualTo(404);
        assertThat(owner.getJson("/api/agents/not-an-id").statusCode()).isEqualTo(404);
    }

    @Test
    void the_owner_deletes_an_agent_through_the_api_audited_and_a_manager_may_not() {
        miaToken.post(HEARTBEAT, heartbeat("doomed-api", "web-01"));
        var id = idOf("doomed-api");

        var refused = miaToken.delete("/api/agents/" + id);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).get("code").asText()).isEqualTo("forbidden");
        assertThat(bobToken.delete("/api/agents/" + id).statusCode()).as("agents:write, but a Manager's").isEqualTo(403);
        assertThat(mia.json("DELETE", "/api/agents/" + id, null, true).statusCode()).isEqualTo(403);
        assertThat(mia.get("/agents/" + id + "/delete").statusCode()).isEqualTo(403);
        assertThat(mia.post("/agents/" + id + "/delete").statusCode()).isEqualTo(403);
        assertThat(mia.get("/agents?q=doomed-api").body()).contains("doomed-api").doesNotContain("agent-delete");

        assertThat(ownerToken.delete("/api/agents/" + id).statusCode()).isEqualTo(204);
        assertThat(server.count("SELECT COUNT(*) FROM agents WHERE id = '" + id + "'")).isZero();
        assertThat(ownerToken.delete("/api/agents/" + id).statusCode()).isEqualTo(404);
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'agent.deleted' AND target_ids = '" + id
                + "' AND actor_name LIKE 'owner via token %' AND detail = 'doomed-api'")).isEqualTo(1);

        // gone from memory too: the next heartbeat makes a new agent, first seen now
        assertThat(miaToken.post(HEARTBEAT, "{\"id\": \"doomed-api\"}").statusCode()).isEqualTo(200);
        assertThat(idOf("doomed-api")).isNotEqualTo(id);
        var again = json(owner.getJson("/api/agents?q=doomed-api").body()).get("agents").get(0);
        assertThat(again.get("hostname").isNull()).as("nothing kept of the deleted agent").isTrue();
    }

    @Test
    void the_agents_page_deletes_after_a_confirmation_with_and_without_javascript() {
        miaToken.post(HEARTBEAT, heartbeat("doomed-page", "web-02"));
        miaToken.post(HEARTBEAT, heartbeat("doomed-htmx", "web-03"));
        var id = idOf("doomed-page");

        var page = owner.get("/agents?q=doomed-page").body();
        assertThat(page).contains("action=\"/agents/" + id + "/delete\"").contains("hx-get=\"/agents/" + id + "/delete\"")
                .contains("aria-label=\"Delete agent doomed-page\"");
        var confirm = owner.get("/agents/" + id + "/delete", "HX-Request", "true");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).startsWith("<div id=\"agent-confirm\"").contains("Delete agent “doomed-page”?")
                .contains("name=\"_csrf\"").contains("id=\"confirm-ok\"");
        assertThat(owner.postRaw("/agents/" + id + "/delete").statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(server.count("SELECT COUNT(*) FROM agents WHERE id = '" + id + "'")).isEqualTo(1);

        var done = owner.post("/agents/" + id + "/delete");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(owner.get("/agents").body()).contains("Agent “doomed-page” deleted.").doesNotContain("doomed-page</code>");

        var htmx = owner.htmxPost("/agents/" + idOf("doomed-htmx") + "/delete");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.headers().firstValue("HX-Trigger").orElse("")).isEqualTo("agents-changed");
        assertThat(htmx.body()).contains("Agent “doomed-htmx” deleted.");
        assertThat(server.count("SELECT COUNT(*) FROM agents WHERE instance_id LIKE 'doomed-%'")).isZero();
    }

    @Test
    void an_agent_belongs_to_the_first_reporter_and_another_managers_token_is_refused_and_audited() {
        assertThat(miaToken.post(HEARTBEAT, heartbeat("prod-db-01", "db-01")).statusCode()).isEqualTo(200);

        var takeover = bobToken.post(HEARTBEAT, heartbeat("prod-db-01", "attacker-box"));
        assertThat(takeover.statusCode()).isEqualTo(409);
        assertThat(bobToken.post(HEARTBEAT, heartbeat("prod-db-01", "attacker-box")).statusCode())
                .as("refused again, audited once a minute").isEqualTo(409);
        var error = json(takeover.body());
        assertThat(error.get("code").asText()).isEqualTo("agent_owned_by_another_user");
        assertThat(error.get("message").asText()).contains("prod-db-01").contains("belongs to another user");
        var id = idOf("prod-db-01");
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'agent.heartbeat-refused'"
                + " AND outcome = 'failure' AND target_ids = '" + id + "' AND actor_name = 'bob via token " + bobTokenId + "'"))
                .isEqualTo(1);

        assertThat(ownerToken.post(HEARTBEAT, "{\"id\": \"prod-db-01\", \"version\": \"1.37\"}").statusCode())
                .as("the Owner's tokens report for any agent").isEqualTo(200);
        var agent = json(owner.getJson("/api/agents/" + id).body());
        assertThat(agent.get("hostname").asText()).isEqualTo("db-01");
        assertThat(agent.get("owner").asText()).as("reporting does not take it over").isEqualTo("mia");
        assertThat(owner.get("/agents?q=prod-db-01").body()).contains("<td class=\"owner\">mia</td>");
    }

    @Test
    void a_heartbeat_without_a_token_is_not_checked_and_claims_nothing() {
        assertThat(owner.postJson(HEARTBEAT, heartbeat("lab-01", "lab")).statusCode()).isEqualTo(200);
        var id = idOf("lab-01");
        assertThat(json(owner.getJson("/api/agents/" + id).body()).get("owner").isNull()).isTrue();
        assertThat(miaToken.post(HEARTBEAT, heartbeat("lab-01", "lab")).statusCode()).as("the first token claims it")
                .isEqualTo(200);
        assertThat(json(owner.getJson("/api/agents/" + id).body()).get("owner").asText()).isEqualTo("mia");
        assertThat(mia.postJson(HEARTBEAT, heartbeat("lab-01", "lab-renamed")).statusCode())
                .as("a signed-in browser keeps today's behaviour").isEqualTo(200);
    }

    @Test
    void a_deleted_users_agents_belong_to_nobody_and_the_next_token_claims_them() {
        var maxId = Users.create(server, owner, "max", Role.MANAGER);
        var maxToken = Api.bearer(server, Tokens.create(server, Users.signedIn(server, "max"), "max-telegraf", "telegraf")
                .value());
        assertThat(maxToken.post(HEARTBEAT, heartbeat("orphan-01", "o")).statusCode()).isEqualTo(200);
        assertThat(bobToken.post(HEARTBEAT, heartbeat("orphan-01", "o")).statusCode()).isEqualTo(409);

        assertThat(owner.post("/users/" + maxId + "/delete").statusCode()).isEqualTo(303);
        var id = idOf("orphan-01");
        assertThat(json(owner.getJson("/api/agents/" + id).body()).get("owner").isNull()).isTrue();
        assertThat(bobToken.post(HEARTBEAT, heartbeat("orphan-01", "o")).statusCode())
                .as("memory still held max as its owner; the database decides").isEqualTo(200);
        assertThat(json(owner.getJson("/api/agents/" + id).body()).get("owner").asText()).isEqualTo("bob");
    }
}
