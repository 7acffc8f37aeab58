package tokendesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.shared.Ids;
import tokendesk.support.TestServer;

class ConfigApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String body(String name, String toml) {
        var node = JSON.createObjectNode();
        node.put("name", name);
        node.put("toml", toml);
        return node.toString();
    }

    @Test
    void post_api_configs_creates_a_config_and_agents_fetch_its_toml() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var created = owner.postJson("/api/configs", body("web", "[agent]\r\n  interval = \"10s\"\r\n")
                    .replace("}", ", \"labels\": [\"ignored\"]}"));
            assertThat(created.statusCode()).isEqualTo(201);
            var config = json(created.body());
            var id = config.get("id").asText();
            assertThat(Ids.isWellFormed(id)).isTrue();
            assertThat(config.get("name").asText()).isEqualTo("web");
            assertThat(config.get("createdBy").asText()).isEqualTo("owner");
            assertThat(config.get("tomlUrl").asText()).isEqualTo("/api/configs/" + id + "/toml");
            assertThat(created.headers().firstValue("Location")).contains("/api/configs/" + id);

            var toml = owner.get("/api/configs/" + id + "/toml");
            assertThat(toml.statusCode()).isEqualTo(200);
            assertThat(toml.headers().firstValue("Content-Type").orElse("")).startsWith("application/toml");
            assertThat(toml.body()).isEqualTo("[agent]\n  interval = \"10s\"\n");

            var list = json(owner.getJson("/api/configs").body());
            assertThat(list.size()).isEqualTo(1);
            assertThat(list.get(0).get("id").asText()).isEqualTo(id);
            assertThat(list.get(0).has("toml")).as("the list leaves the TOML out").isFalse();
            assertThat(json(owner.getJson("/api/configs/" + id).body()).get("toml").asText()).startsWith("[agent]");
            assertThat(owner.get("/configs").body()).contains(">web</a>");
        }
    }

    @Test
    void a_taken_name_is_a_409_config_name_conflict() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(owner.postJson("/api/configs", body("web", "a = 1")).statusCode()).isEqualTo(201);
            var conflict = owner.postJson("/api/configs", body("web", "b = 2"));
            assertThat(conflict.statusCode()).isEqualTo(409);
            var error = json(conflict.body());
            assertThat(error.get("code").asText()).isEqualTo("config_name_conflict");
            assertThat(error.get("message").asText()).contains("web");
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isEqualTo(1);
        }
    }

    @Test
    void bad_json_input_is_a_400_and_never_a_500() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bodies = List.of("", "{", "nonsense", "[]", "null", "{}", "{\"name\": \"web\"}", "{\"toml\": \"a = 1\"}",
                    "{\"name\": 5, \"toml\": \"a = 1\"}", "{\"name\": \"web\", \"toml\": {\"a\": 1}}",
                    body("", "a = 1"), body("web", "  "), body("x".repeat(256), "a = 1"),
                    body("web", "# " + "x".repeat(300 * 1024)));
            for (var b : bodies) {
                var response = owner.postJson("/api/configs", b);
                assertThat(response.statusCode()).as(b.length() > 80 ? b.substring(0, 80) : b).isEqualTo(400);
                var error = json(response.body());
                assertThat(error.get("code").asText()).isEqualTo("invalid");
                assertThat(error.get("message").asText()).isNotBlank();
            }
            var huge = owner.postJson("/api/configs", body("web", "# " + "x".repeat(2 * 1024 * 1024)));
            assertThat(huge.statusCode()).isEqualTo(413);
            assertThat(json(huge.body()).get("code").asText()).isEqualTo("too_large");
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isZero();
        }
    }

    @Test
    void unknown_or_malformed_config_ids_are_404_json() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            for (var path : List.of("/api/configs/0123456789abcdef/toml", "/api/configs/nope/toml",
                    "/api/configs/0123456789abcdef", "/api/configs/%27%20OR%201=1/toml")) {
                var response = owner.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(json(response.body()).get("code").asText()).as(path).isEqualTo("not_found");
            }
        }
    }

    @Test
    void signed_out_api_clients_get_401_json() {
        try (var server = TestServer.withOwner()) {
            var client = server.client();
            for (var path : List.of("/api/configs", "/api/configs/0123456789abcdef/toml")) {
                var response = client.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(json(response.body()).get("code").asText()).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void a_cached_config_is_fetched_fresh_after_an_edit_and_gone_after_a_delete() {
        try (var server = tokendesk.support.TestServer.withOwner()) {
            var owner = server.owner();
            var agent = tokendesk.support.Api.bearer(server,
                    tokendesk.support.Tokens.create(server, owner, "agent", "telegraf").value());
            var created = owner.postJson("/api/configs", "{\"name\":\"web\",\"toml\":\"[agent]\\n\"}");
            var id = created.body().replaceAll(".*\"id\":\"([0-9a-f]{16})\".*", "$1");
            for (int i = 0; i < 3; i++) {
                assertThat(agent.get("/api/configs/" + id + "/toml").body()).isEqualTo("[agent]\n");
            }
            assertThat(owner.post("/configs/" + id + "/edit", "name", "web", "toml", "[agent]\n  interval = \"5s\"\n")
                    .statusCode()).isEqualTo(303);
            assertThat(agent.get("/api/configs/" + id + "/toml").body()).contains("interval = \"5s\"");
            owner.post("/configs/" + id + "/delete");
            assertThat(agent.get("/api/configs/" + id + "/toml").statusCode()).isEqualTo(404);
        }
    }
}
