package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/** SPEC 10.4: a configs permission that names configs covers those configs only. One server for all of it. */
class TokensForChosenConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static WebClient owner;
    private static Api admin;

    @BeforeAll
    static void start() {
        server = TestServer.withOwner();
        owner = server.owner();
        admin = Api.bearer(server, Tokens.create(server, owner, "admin-ci", "full", "never").value());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String config(String name) {
        var created = owner.postJson("/api/configs", "{\"name\":\"" + name + "\",\"toml\":\"# " + name + "\\n\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    private static HttpResponse<String> createToken(String name, String... permissions) {
        return admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"permissions\":" + JSON.valueToTree(permissions) + "}");
    }

    @Test
    void a_token_for_chosen_configs_reads_those_and_gets_403_for_every_other() {
        var web = config("scoped-web");
        var db = config("scoped-db");
        var other = config("scoped-other");
        var created = createToken("two-configs", "configs:read:" + web, "configs:read:" + db, "heartbeat:write");
        assertThat(created.statusCode()).isEqualTo(201);
        var body = json(created);
        var id = body.get("id").asText();
        var expected = "[\"heartbeat:write\",\"configs:read:" + min(web, db) + "\",\"configs:read:" + max(web, db) + "\"]";
        assertThat(body.get("permissions").toString()).isEqualTo(expected);
        assertThat(json(admin.get("/api/tokens/" + id)).get("permissions").toString()).isEqualTo(expected);
        assertThat(json(admin.get("/api/tokens/" + id)).get("effectivePermissions").toString()).isEqualTo(expected);
        assertThat(admin.get("/api/tokens?q=two-configs").body()).contains(expected);

        var agent = Api.bearer(server, body.get("token").asText());
        assertThat(agent.get("/api/configs/" + web + "/toml").body()).isEqualTo("# scoped-web\n");
        assertThat(agent.get("/api/configs/" + db).statusCode()).isEqualTo(200);
        var refused = agent.get("/api/configs/" + other + "/toml");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("code").asText()).isEqualTo("forbidden");
        assertThat(agent.get("/api/configs/" + other).statusCode()).isEqualTo(403);
        assertThat(agent.get("/api/configs/0000000000000000/toml").statusCode()).as("an unknown config too").isEqualTo(403);
        assertThat(agent.get("/configs/" + other).statusCode()).as("the page too").isEqualTo(403);
        var listed = json(agent.get("/api/configs"));
        assertThat(listed.size()).isEqualTo(2);
        assertThat(listed.findValuesAsText("id")).containsExactlyInAnyOrder(web, db);
        assertThat(agent.get("/configs").body()).contains("scoped-web").doesNotContain("scoped-other");
        assertThat(agent.post("/api/configs", "{\"name\":\"new\",\"toml\":\"a = 1\"}").statusCode())
                .as("a new config is none of its configs").isEqualTo(403);
        assertThat(agent.post("/configs/" + web + "/delete", "{}").statusCode()).as("it only reads").isEqualTo(403);
        assertThat(server.count("SELECT COUNT(*) FROM configs WHERE id = '" + web + "'")).isEqualTo(1);

        var audited = server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.created' AND detail LIKE"
                + " '%only configs%scoped-web (" + web + ") read%'");
        assertThat(audited).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%tc-apiv1_%'")).isZero();
    }

    @Test
    void a_token_that_writes_a_chosen_config_changes_that_one_only() {
        var mine = config("write-mine");
        var theirs = config("write-theirs");
        var agent = Api.bearer(server, json(createToken("writes-one", "configs:write:" + mine)).get("token").asText());
        assertThat(agent.get("/api/configs/" + mine + "/toml").statusCode()).as("write implies read").isEqualTo(200);
        var change = "{\"name\":\"changed\",\"toml\":\"b = 2\"}";
        assertThat(agent.send("PUT", "/api/configs/" + theirs, change).statusCode()).isEqualTo(403);
        assertThat(agent.delete("/api/configs/" + theirs).statusCode()).isEqualTo(403);
        assertThat(agent.post("/configs/" + theirs + "/delete", "{}").statusCode()).as("the page too").isEqualTo(403);
        assertThat(server.count("SELECT COUNT(*) FROM configs WHERE id = '" + theirs + "' AND name = 'write-theirs'")).isEqualTo(1);

        var saved = agent.send("PUT", "/api/configs/" + mine, change);
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(json(saved).get("name").asText()).isEqualTo("changed");
        assertThat(agent.get("/api/configs/" + mine + "/toml").body()).isEqualTo("b = 2");
        assertThat(agent.delete("/api/configs/" + mine).statusCode()).isEqualTo(204);
        assertThat(server.count("SELECT COUNT(*) FROM configs WHERE id = '" + mine + "'")).isZero();
    }

    @Test
    void unknown_configs_and_malformed_forms_are_a_400_naming_them() {
        var missing = createToken("names-missing", "configs:read:00000000deadbeef");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("message").asText()).contains("00000000deadbeef");
        for (var bad : new String[] {"configs:read:", "configs:read:XYZ", "configs:write:00000000deadbeef:x",
                "agents:read:00000000deadbeef", "configs:delete:00000000deadbeef"}) {
            var response = createToken("malformed", bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(response).get("message").asText()).as(bad).contains(bad);
        }
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE description IN ('names-missing', 'malformed')")).isZero();
    }

    @Test
    void a_deleted_config_drops_out_of_the_tokens_that_named_it() {
        var gone = config("soon-gone");
        var kept = config("kept");
        var onlyGone = json(createToken("only-gone", "configs:read:" + gone, "heartbeat:write"));
        var both = json(createToken("gone-and-kept", "configs:read:" + gone, "configs:read:" + kept));
        var agent = Api.bearer(server, onlyGone.get("token").asText());
        assertThat(agent.get("/api/configs/" + gone + "/toml").statusCode()).isEqualTo(200); // cached now

        assertThat(owner.post("/configs/" + gone + "/delete").statusCode()).isEqualTo(303);
        assertThat(agent.get("/api/configs").statusCode()).as("no configs permission left").isEqualTo(403);
        assertThat(json(admin.get("/api/tokens/" + onlyGone.get("id").asText())).get("permissions").toString())
                .isEqualTo("[\"heartbeat:write\"]");
        assertThat(json(admin.get("/api/tokens/" + both.get("id").asText())).get("permissions").toString())
                .isEqualTo("[\"configs:read:" + kept + "\"]");
        assertThat(server.count("SELECT COUNT(*) FROM token_configs WHERE config_id = '" + gone + "'")).isZero();
        assertThat(owner.get("/tokens/" + onlyGone.get("id").asText() + "?tab=permissions").body())
                .contains("Its configs were deleted: it reads no configs");
        assertThat(owner.get("/tokens/" + both.get("id").asText() + "?tab=permissions").body())
                .contains("1 of its configs was deleted.").contains("kept (Read)").doesNotContain("soon-gone");
    }

    @Test
    void reassigning_to_a_viewer_clips_a_chosen_config_to_read() {
        var config = config("clipped");
        Users.create(server, owner, "viewer-clip", Role.VIEWER);
        var token = json(createToken("clip-me", "configs:write:" + config));
        var id = token.get("id").asText();
        var moved = admin.post("/api/tokens/" + id + "/reassign", "{\"userId\":\"" + Users.idOf(server, "viewer-clip") + "\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(json(admin.get("/api/tokens/" + id)).get("permissions").toString())
                .isEqualTo("[\"configs:read:" + config + "\"]");
        var agent = Api.bearer(server, token.get("token").asText());
        assertThat(agent.get("/api/configs/" + config + "/toml").statusCode()).isEqualTo(200);
        assertThat(agent.post("/configs/" + config + "/delete", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void the_create_dialog_limits_the_configs_row_to_the_configs_ticked() {
        var picked = config("picked");
        assertThat(owner.get("/tokens/new").body()).contains("Only these configs").contains(picked).contains(">picked<");
        var created = owner.post("/tokens", "description", "picked-agent", "expiration", "30d", "preset", "telegraf",
                "config", picked);
        assertThat(created.statusCode()).isEqualTo(200);
        var id = Tokens.idOf(server, "picked-agent");
        assertThat(json(admin.get("/api/tokens/" + id)).get("permissions").toString())
                .isEqualTo("[\"heartbeat:write\",\"configs:read:" + picked + "\"]");
        assertThat(owner.get("/tokens/" + id + "?tab=permissions").body()).contains("Only these configs:").contains("picked (Read)");

        var missing = owner.post("/tokens", "description", "missing-config", "expiration", "30d", "preset", "telegraf",
                "config", "00000000deadbeef");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("id=\"permissions-error\"").contains("00000000deadbeef")
                .contains("value=\"missing-config\"");
        var noConfigs = owner.post("/tokens", "description", "no-configs", "expiration", "30d", "preset", "custom",
                "perm", "heartbeat:write", "config", picked);
        assertThat(noConfigs.statusCode()).isEqualTo(422);
        assertThat(noConfigs.body()).contains("Choose Read or Write for Configs");
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE description IN ('missing-config', 'no-configs')")).isZero();
    }

    private static String min(String a, String b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) < 0 ? b : a;
    }
}
