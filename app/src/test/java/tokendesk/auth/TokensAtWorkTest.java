package tokendesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/** Tokens doing real work: an agent fetching its config and sending heartbeats, over real HTTP. */
class TokensAtWorkTest {
    private static final String HEARTBEAT = "{\"instance_id\":\"web-01\",\"hostname\":\"web-01.example\"}";
    private static final String TOML = "[agent]\n  interval = \"10s\"\n";

    private static String configId(Api admin) {
        var created = admin.post("/api/configs", "{\"name\":\"web\",\"toml\":\"" + TOML.replace("\n", "\\n").replace("\"", "\\\"") + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return created.body().replaceAll(".*\"id\":\"([0-9a-f]{16})\".*", "$1");
    }

    @Test
    void a_token_through_its_whole_life_create_by_api_heartbeat_revoke_in_the_ui_rejected() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var admin = Api.bearer(server, Tokens.create(server, owner, "admin-ci", "full").value());
            var created = admin.post("/api/tokens", "{\"description\":\"web-01\",\"permissions\":[\"configs:read\",\"heartbeat:write\"]}");
            assertThat(created.statusCode()).isEqualTo(201);
            var value = created.body().replaceAll(".*\"token\":\"(tc-apiv1_[0-9a-f]{64})\".*", "$1");
            var id = Tokens.idOf(server, "web-01");
            var agent = Api.bearer(server, value);

            assertThat(agent.post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
            assertThat(server.count("SELECT COUNT(*) FROM agents WHERE last_token_id = '" + id + "'")).isEqualTo(1);
            assertThat(owner.get("/agents").body()).contains("web-01.example").contains("href=\"/tokens/" + id + "\"");

            assertThat(owner.post("/tokens/" + id + "/revoke").statusCode()).isEqualTo(303);
            var rejected = agent.post("/agents/heartbeat", HEARTBEAT);
            assertThat(rejected.statusCode()).isEqualTo(401);
            assertThat(rejected.body()).isEqualTo("{\"code\":\"unauthorized\",\"message\":\"Missing or invalid API token.\"}");
        }
    }

    @Test
    void a_telegraf_agent_token_fetches_its_config_and_sends_heartbeats_and_nothing_else() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var admin = Api.bearer(server, Tokens.create(server, owner, "admin-ci", "full").value());
            var config = configId(admin);
            var telegraf = Tokens.create(server, owner, "telegraf", "telegraf").value();

            // Telegraf sends INFLUX_TOKEN as "Token …" when it fetches --config http://…/toml
            var toml = Api.withHeader(server, "Token " + telegraf).get("/api/configs/" + config + "/toml");
            assertThat(toml.statusCode()).isEqualTo(200);
            assertThat(toml.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/toml"));
            assertThat(toml.body()).isEqualTo(TOML);
            var agent = Api.bearer(server, telegraf);
            assertThat(agent.post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(200);

            assertThat(agent.get("/api/agents").body()).contains("token lacks agents:read");
            assertThat(agent.post("/api/configs", "{\"name\":\"x\",\"toml\":\"y\"}").body()).contains("token lacks configs:write");
            assertThat(agent.get("/api/tokens").body()).contains("token lacks tokens:read");
            assertThat(agent.get("/api/configs").statusCode()).isEqualTo(200);
            assertThat(agent.get("/configs").statusCode()).as("pages are for people, but configs:read allows reading").isEqualTo(200);
            assertThat(agent.get("/users").statusCode()).isEqualTo(403);
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isEqualTo(1);
        }
    }

    @Test
    void disabled_auth_endpoint_groups_answer_without_a_token_and_the_rest_still_need_one() {
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withDisabledAuthEndpoints(Set.of("heartbeat", "configs")))) {
            var anonymous = Api.withHeader(server, null);
            assertThat(anonymous.post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
            assertThat(server.count("SELECT COUNT(*) FROM agents WHERE last_token_id IS NULL")).isEqualTo(1);
            var created = anonymous.post("/api/configs", "{\"name\":\"open\",\"toml\":\"[agent]\"}");
            assertThat(created.statusCode()).isEqualTo(201);

            assertThat(anonymous.get("/api/agents").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/api/tokens").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/configs").statusCode()).as("pages still need a sign-in").isEqualTo(303);
            // a presented token is still checked
            assertThat(Api.bearer(server, "tc-apiv1_" + "0".repeat(64)).post("/agents/heartbeat", HEARTBEAT).statusCode())
                    .isEqualTo(401);
        }
        try (var server = TestServer.withOwner()) {
            assertThat(Api.withHeader(server, null).post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void a_disabled_owners_tokens_stop_working_until_the_owner_is_enabled() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bob = tokendesk.support.Users.create(server, owner, "bob", tokendesk.user.Role.MANAGER);
            var token = Tokens.create(server, tokendesk.support.Users.signedIn(server, "bob"), "bob-agent", "telegraf").value();
            var agent = Api.bearer(server, token);
            assertThat(agent.post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
            owner.post("/users/" + bob + "/disable");
            assertThat(agent.post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(401);
            owner.post("/users/" + bob + "/enable");
            assertThat(agent.post("/agents/heartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
        }
    }
}
