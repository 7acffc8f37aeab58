package tokendesk.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/** SPEC §6: /api/v2/authorizations over a real server, as InfluxDB clients call it. */
class InfluxAuthApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = InfluxOrg.ID;
    private static final String AUTHS = "/api/v2/authorizations";

    private static Api ownerApi(TestServer server) {
        return Api.bearer(server, Tokens.create(server, server.owner(), "admin-ci", "full").value());
    }

    private static String create(String description, String... permissions) {
        var list = new ArrayList<String>();
        for (var p : permissions) {
            var parts = p.split(":");
            list.add("{\"action\":\"" + parts[1] + "\",\"resource\":{\"type\":\"" + parts[0] + "\",\"orgID\":\"" + ORG + "\"}}");
        }
        return "{\"orgID\":\"" + ORG + "\",\"description\":\"" + description + "\",\"permissions\":[" + String.join(",", list) + "]}";
    }

    private static List<String> descriptions(JsonNode list) {
        var result = new ArrayList<String>();
        list.get("authorizations").forEach(a -> result.add(a.get("description").asText()));
        return result;
    }

    private static void assertInfluxError(HttpResponse<String> response, int status, String code, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        var body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    @Test
    void create_answers_201_with_the_token_once_and_maps_authorizations_to_tokens() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var created = api.post(AUTHS, create("ci-runner", "authorizations:read", "authorizations:write", "configs:read"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
            var body = json(created);
            var value = body.get("token").asText();
            var id = body.get("id").asText();
            assertThat(value).matches("tc-apiv1_[0-9a-f]{64}");
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(body.get("status").asText()).isEqualTo("active");
            assertThat(body.get("description").asText()).isEqualTo("ci-runner");
            assertThat(body.get("orgID").asText()).isEqualTo(ORG);
            assertThat(body.get("org").asText()).isEqualTo("tokendesk");
            assertThat(body.get("userID").asText()).isEqualTo(Users.idOf(server, TestServer.OWNER));
            assertThat(body.get("user").asText()).isEqualTo(TestServer.OWNER);
            assertThat(body.get("createdAt").asText()).isNotEmpty();
            assertThat(body.get("updatedAt").asText()).isEqualTo(body.get("createdAt").asText());
            assertThat(body.get("links").get("self").asText()).isEqualTo(AUTHS + "/" + id);
            assertThat(body.get("links").get("user").asText()).isEqualTo("/api/v2/users/" + body.get("userID").asText());
            var shown = new ArrayList<String>();
            body.get("permissions").forEach(p -> shown.add(p.get("resource").get("type").asText() + ":" + p.get("action").asText()));
            assertThat(shown).as("exactly as asked: in that order, no read added, none dropped")
                    .containsExactly("authorizations:read", "authorizations:write", "configs:read");
            assertThat(body.get("permissions").get(0).get("resource").get("orgID").asText()).isEqualTo(ORG);

            // stored as our permissions, seen by our own API
            var ours = json(api.get("/api/tokens/" + id));
            assertThat(ours.get("permissions").toString()).isEqualTo("[\"configs:read\",\"tokens:write\"]");
            assertThat(ours.get("source").asText()).isEqualTo("api");

            var fetched = api.get(AUTHS + "/" + id);
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(json(fetched).get("permissions")).as("get echoes what create did").isEqualTo(body.get("permissions"));
            var listed = json(api.get(AUTHS)).get("authorizations");
            listed.forEach(a -> {
                if (a.get("id").asText().equals(id)) {
                    assertThat(a.get("permissions")).as("so does the list").isEqualTo(body.get("permissions"));
                }
            });
            var writeOnly = json(api.post(AUTHS, create("agent", "heartbeat:write", "configs:read")));
            assertThat(json(api.get(AUTHS + "/" + writeOnly.get("id").asText())).get("permissions").toString())
                    .as("a write adds no read entry").isEqualTo(writeOnly.get("permissions").toString())
                    .contains("\"heartbeat\"").doesNotContain("\"read\",\"resource\":{\"type\":\"heartbeat\"");
            assertThat(writeOnly.get("permissions")).hasSize(2);
            assertThat(json(fetched).has("token")).isFalse();
            assertThat(fetched.body()).doesNotContain(value);
            assertThat(api.get(AUTHS).body()).doesNotContain(value);

            // the new token works, with the Token scheme too
            var asNew = Api.withHeader(server, "Token " + value);
            assertThat(asNew.get(AUTHS).statusCode()).isEqualTo(200);
            assertThat(asNew.get("/api/configs").statusCode()).isEqualTo(200);
            assertThat(asNew.get("/api/agents").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void without_a_description_a_unique_one_is_made_up() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var body = "{\"orgID\":\"" + ORG + "\",\"permissions\":[{\"action\":\"read\",\"resource\":{\"type\":\"agents\"}}]}";
            var first = json(api.post(AUTHS, body));
            var second = json(api.post(AUTHS, body.replace("{\"orgID\"", "{\"description\":\"\",\"orgID\"")));
            assertThat(first.get("description").asText()).startsWith("influx authorization ");
            assertThat(second.get("description").asText()).startsWith("influx authorization ")
                    .isNotEqualTo(first.get("description").asText());
        }
    }

    @Test
    void list_filters_by_user_userID_org_orgID_and_token() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var api = ownerApi(server);
            var miaId = Users.create(server, owner, "mia", Role.MANAGER);
            var miaToken = Tokens.create(server, Users.signedIn(server, "mia"), "mia-full", "full");
            var ownerToken = json(api.post(AUTHS, create("owner-agents", "agents:read")));

            assertThat(descriptions(json(api.get(AUTHS)))).containsExactly("admin-ci", "mia-full", "owner-agents");
            var list = json(api.get(AUTHS));
            assertThat(list.get("links").get("self").asText()).isEqualTo(AUTHS);
            assertThat(descriptions(json(api.get(AUTHS + "?user=mia")))).containsExactly("mia-full");
            assertThat(descriptions(json(api.get(AUTHS + "?userID=" + miaId)))).containsExactly("mia-full");
            assertThat(descriptions(json(api.get(AUTHS + "?user=mia&userID=" + miaId)))).containsExactly("mia-full");
            assertThat(descriptions(json(api.get(AUTHS + "?user=owner&userID=" + miaId)))).isEmpty();
            assertThat(descriptions(json(api.get(AUTHS + "?org=tokendesk&orgID=" + ORG)))).hasSize(3);
            assertThat(descriptions(json(api.get(AUTHS + "?user=&userID=&org=&orgID=")))).as("influx CLI sends empty filters")
                    .hasSize(3);

            var byToken = api.get(AUTHS + "?token=" + miaToken.value());
            assertThat(descriptions(json(byToken))).containsExactly("mia-full");
            assertThat(byToken.body()).as("the value is not echoed").doesNotContain(miaToken.value());
            assertThat(descriptions(json(api.get(AUTHS + "?token=" + ownerToken.get("token").asText() + "&user=mia")))).isEmpty();
            assertThat(descriptions(json(api.get(AUTHS + "?token=tc-apiv1_" + "0".repeat(64))))).isEmpty();

            assertInfluxError(api.get(AUTHS + "?user=nobody"), 404, "not found", "user \"nobody\" not found");
            assertInfluxError(api.get(AUTHS + "?org=acme"), 404, "not found", "organization name \"acme\" not found");
            assertInfluxError(api.get(AUTHS + "?orgID=0000000000000001"), 404, "not found", "organization not found");
            assertInfluxError(api.get(AUTHS + "?orgID=nope"), 400, "invalid", "orgID");
            assertInfluxError(api.get(AUTHS + "?userID=nope"), 400, "invalid", "userID");
        }
    }

    @Test
    void patch_changes_the_description_inactive_suspends_active_resumes_and_revoked_stays_refused() {
        var clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var api = ownerApi(server);
            var created = json(api.post(AUTHS, create("agent-7", "configs:read")));
            var id = created.get("id").asText();
            var value = created.get("token").asText();
            var agent = Api.bearer(server, value);

            clock.advance(Duration.ofMinutes(5));
            var renamed = api.send("PATCH", AUTHS + "/" + id, "{\"description\":\"agent-7 (web)\"}");
            assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
            assertThat(json(renamed).get("description").asText()).isEqualTo("agent-7 (web)");
            assertThat(json(renamed).get("status").asText()).isEqualTo("active");
            assertThat(json(renamed).get("updatedAt").asText()).isEqualTo(clock.instant().toString());
            assertThat(agent.get("/api/configs").statusCode()).isEqualTo(200);

            assertInfluxError(api.send("PATCH", AUTHS + "/" + id, "{\"description\":\"admin-ci\"}"), 409, "conflict",
                    "already exists");
            assertInfluxError(api.send("PATCH", AUTHS + "/" + id, "{\"status\":\"paused\"}"), 400, "invalid",
                    "status must be \"active\" or \"inactive\"");

            clock.advance(Duration.ofMinutes(5));
            var inactive = api.send("PATCH", AUTHS + "/" + id, "{\"status\":\"inactive\"}");
            assertThat(inactive.statusCode()).isEqualTo(200);
            assertThat(json(inactive).get("status").asText()).isEqualTo("inactive");
            assertThat(json(inactive).get("updatedAt").asText()).isEqualTo(clock.instant().toString());
            assertThat(Tokens.statusOf(server, id)).isEqualTo("SUSPENDED");
            assertThat(agent.get("/api/configs").statusCode()).as("suspended: refused at once").isEqualTo(401);

            var active = api.send("PATCH", AUTHS + "/" + id, "{\"status\":\"active\"}");
            assertThat(active.statusCode()).as(active.body()).isEqualTo(200);
            assertThat(json(active).get("status").asText()).isEqualTo("active");
            assertThat(agent.get("/api/configs").statusCode()).as("resumed: works again").isEqualTo(200);

            assertThat(api.post("/api/tokens/" + id + "/revoke", "").statusCode()).isEqualTo(200);
            assertThat(json(api.get(AUTHS + "/" + id)).get("status").asText()).isEqualTo("inactive");
            assertInfluxError(api.send("PATCH", AUTHS + "/" + id, "{\"status\":\"active\"}"), 400, "invalid",
                    "revocation is permanent");
            assertThat(Tokens.statusOf(server, id)).isEqualTo("REVOKED");
            assertThat(agent.get("/api/configs").statusCode()).isEqualTo(401);
            assertThat(api.send("PATCH", AUTHS + "/" + id, "{\"status\":\"inactive\",\"description\":\"old agent-7\"}")
                    .statusCode()).as("still inactive, renamed").isEqualTo(200);
            assertThat(json(api.get(AUTHS + "/" + id)).get("description").asText()).isEqualTo("old agent-7");
            assertThat(json(api.get("/api/tokens/" + id)).get("status").asText()).isEqualTo("revoked");
        }
    }

    @Test
    void delete_answers_204_and_the_token_is_gone() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var created = json(api.post(AUTHS, create("short-lived", "agents:read")));
            var id = created.get("id").asText();
            var deleted = api.delete(AUTHS + "/" + id);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertThat(Tokens.statusOf(server, id)).isEqualTo("GONE");
            assertThat(Api.bearer(server, created.get("token").asText()).get("/api/agents").statusCode()).isEqualTo(401);
            assertInfluxError(api.delete(AUTHS + "/" + id), 404, "not found", id);
            assertInfluxError(api.get(AUTHS + "/" + id), 404, "not found", id);
        }
    }

    @Test
    void bad_requests_get_influx_shaped_errors_never_a_500() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            assertInfluxError(api.post(AUTHS, "{not json"), 400, "invalid", "not valid JSON");
            assertInfluxError(api.post(AUTHS, "[]"), 400, "invalid", "JSON object");
            assertInfluxError(api.post(AUTHS, "{\"permissions\":[]}"), 400, "invalid", "orgID is required");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":42}"), 400, "invalid", "\"orgID\" must be a string");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"0000000000000001\",\"permissions\":[]}"), 400, "invalid",
                    "this server's only organization");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\"}"), 400, "invalid", "non-empty array");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\",\"permissions\":\"tokens:read\"}"), 400, "invalid",
                    "non-empty array");
            assertInfluxError(api.post(AUTHS, create("b", "buckets:write")), 400, "invalid",
                    "Unknown permission resource type \"buckets\"");
            assertInfluxError(api.post(AUTHS, create("b", "tokens:read")), 400, "invalid", "\"tokens\"");
            assertInfluxError(api.post(AUTHS, create("b", "configs:delete")), 400, "invalid", "\"read\" or \"write\"");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\",\"permissions\":[{\"action\":\"read\"}]}"), 400,
                    "invalid", "resource object");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\",\"permissions\":[{\"action\":\"read\",\"resource\":"
                    + "{\"type\":\"configs\",\"id\":\"0123456789abcdef\"}}]}"), 400, "invalid",
                    "no config with id 0123456789abcdef");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\",\"permissions\":[{\"action\":\"read\",\"resource\":"
                    + "{\"type\":\"configs\",\"id\":\"not-an-id\"}}]}"), 400, "invalid", "resource.id must be a config id");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\",\"permissions\":[{\"action\":\"read\",\"resource\":"
                    + "{\"type\":\"agents\",\"id\":\"0123456789abcdef\"}}]}"), 400, "invalid", "\"configs\" only");
            assertInfluxError(api.post(AUTHS, "{\"orgID\":\"" + ORG + "\",\"permissions\":[{\"action\":\"read\",\"resource\":"
                    + "{\"type\":\"configs\",\"orgID\":\"0000000000000001\"}}]}"), 400, "invalid", "resource.orgID");
            assertInfluxError(api.post(AUTHS, create("b", "configs:read").replace("{\"orgID\"", "{\"status\":\"inactive\",\"orgID\"")),
                    400, "invalid", "always active");
            assertInfluxError(api.post(AUTHS, create("b", "configs:read").replace("{\"orgID\"", "{\"userID\":\"0000000000000001\",\"orgID\"")),
                    400, "invalid", "reassign");
            assertInfluxError(api.post(AUTHS, create("admin-ci", "configs:read")), 409, "conflict", "already exists");
            assertInfluxError(api.send("PATCH", AUTHS + "/0123456789abcdef", "{\"status\":\"inactive\"}"), 404, "not found",
                    "0123456789abcdef");
            assertInfluxError(api.send("PATCH", AUTHS + "/0123456789abcdef", "nope"), 400, "invalid", "not valid JSON");
            assertInfluxError(api.get(AUTHS + "/not-an-id"), 404, "not found", "No token");
            assertInfluxError(api.get("/api/v2/buckets"), 404, "not found", "");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
        }
    }

    @Test
    void tokens_need_tokens_read_and_tokens_write_and_bad_tokens_get_401() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var reader = Api.bearer(server, Tokens.create(server, owner, "reader", "read").value());
            var agent = Api.withHeader(server, "Token " + Tokens.create(server, owner, "agent", "telegraf").value());
            assertThat(reader.get(AUTHS).statusCode()).isEqualTo(200);
            assertInfluxError(reader.post(AUTHS, create("x", "configs:read")), 403, "forbidden", "token lacks tokens:write");
            assertInfluxError(agent.get(AUTHS), 403, "forbidden", "token lacks tokens:read");
            assertInfluxError(Api.withHeader(server, "Token tc-apiv1_" + "1".repeat(64)).get(AUTHS), 401, "unauthorized", "");
            assertInfluxError(Api.withHeader(server, null).get(AUTHS), 401, "unauthorized", "");
            assertThat(agent.get("/api/v2/me").statusCode()).as("any valid token may ask who it is").isEqualTo(200);
            assertThat(agent.get("/api/v2/orgs").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_manager_token_sees_and_touches_only_its_owners_tokens() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var api = ownerApi(server);
            var ownerAuth = json(api.post(AUTHS, create("owner-agents", "agents:read"))).get("id").asText();
            var miaId = Users.create(server, owner, "mia", Role.MANAGER);
            var mia = Api.bearer(server, Tokens.create(server, Users.signedIn(server, "mia"), "mia-full", "full").value());

            assertThat(descriptions(json(mia.get(AUTHS)))).containsExactly("mia-full");
            assertThat(descriptions(json(mia.get(AUTHS + "?userID=" + Users.idOf(server, TestServer.OWNER))))).isEmpty();
            assertInfluxError(mia.get(AUTHS + "?user=owner"), 404, "not found", "user \"owner\" not found");
            assertInfluxError(mia.get(AUTHS + "/" + ownerAuth), 404, "not found", ownerAuth);
            assertInfluxError(mia.send("PATCH", AUTHS + "/" + ownerAuth, "{\"status\":\"inactive\"}"), 404, "not found", ownerAuth);
            assertInfluxError(mia.delete(AUTHS + "/" + ownerAuth), 404, "not found", ownerAuth);
            assertThat(Tokens.statusOf(server, ownerAuth)).isEqualTo("ACTIVE");

            var made = json(mia.post(AUTHS, create("mia-agent", "configs:read", "heartbeat:write")));
            assertThat(made.get("userID").asText()).isEqualTo(miaId);
            assertInfluxError(mia.post(AUTHS, create("mia-users", "users:read")), 400, "invalid", "cannot grant users:read");

            var users = json(mia.get("/api/v2/users"));
            assertThat(users.get("users").size()).as("a manager sees only themselves").isEqualTo(1);
            assertThat(users.get("users").get(0).get("name").asText()).isEqualTo("mia");
            assertThat(json(api.get("/api/v2/users")).get("users").size()).isEqualTo(2);
        }
    }

    /** As InfluxDB requires read:users: an Administrator's token without users:read sees only its own user. */
    @Test
    void listing_users_needs_users_read_and_a_token_without_it_sees_only_its_own_user() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var miaId = Users.create(server, server.owner(), "mia", Role.MANAGER);
            var created = json(api.post("/api/tokens", "{\"description\":\"lister\",\"permissions\":[\"tokens:read\"]}"));
            var lister = Api.bearer(server, created.get("token").asText());

            var users = json(lister.get("/api/v2/users"));
            assertThat(users.get("users").size()).isEqualTo(1);
            assertThat(users.get("users").get(0).get("name").asText()).isEqualTo(TestServer.OWNER);
            assertInfluxError(lister.get("/api/v2/users/" + miaId), 404, "not found", "user not found");
            assertInfluxError(lister.get("/api/v2/users?name=mia"), 404, "not found", "user not found");
            assertThat(json(api.get("/api/v2/users")).get("users").size()).as("a token with users:read").isEqualTo(2);
            assertThat(json(server.owner().get("/api/v2/users", "Accept", "application/json")).get("users").size())
                    .as("a session of a role with users:read").isEqualTo(2);
        }
    }

    @Test
    void one_fixed_organization_and_the_users_endpoints() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var orgs = json(api.get("/api/v2/orgs"));
            assertThat(orgs.get("orgs").size()).isEqualTo(1);
            assertThat(orgs.get("orgs").get(0).get("id").asText()).isEqualTo("746f6b656e64736b");
            assertThat(orgs.get("orgs").get(0).get("name").asText()).isEqualTo("tokendesk");
            assertThat(json(api.get("/api/v2/orgs?org=tokendesk")).get("orgs").size()).isEqualTo(1);
            assertThat(json(api.get("/api/v2/orgs/" + ORG)).get("name").asText()).isEqualTo("tokendesk");
            assertInfluxError(api.get("/api/v2/orgs?org=acme"), 404, "not found", "acme");
            assertInfluxError(api.get("/api/v2/orgs/0000000000000001"), 404, "not found", "organization not found");

            var ownerId = Users.idOf(server, TestServer.OWNER);
            var me = json(api.get("/api/v2/me"));
            assertThat(me.get("id").asText()).isEqualTo(ownerId);
            assertThat(me.get("name").asText()).isEqualTo(TestServer.OWNER);
            assertThat(me.get("status").asText()).isEqualTo("active");
            assertThat(api.get("/api/v2/me").body()).doesNotContain("argon2").doesNotContain("password");
            assertThat(json(api.get("/api/v2/users?name=owner")).get("users").get(0).get("id").asText()).isEqualTo(ownerId);
            assertThat(json(api.get("/api/v2/users/" + ownerId)).get("name").asText()).isEqualTo(TestServer.OWNER);
            assertInfluxError(api.get("/api/v2/users?name=ghost"), 404, "not found", "user not found");
            assertInfluxError(api.get("/api/v2/users/0000000000000001"), 404, "not found", "user not found");
        }
    }

    @Test
    void the_org_id_is_the_same_after_a_restart() {
        String first;
        String second;
        try (var server = TestServer.withOwner()) {
            first = json(ownerApi(server).get("/api/v2/orgs")).get("orgs").get(0).get("id").asText();
        }
        try (var server = TestServer.withOwner()) {
            second = json(ownerApi(server).get("/api/v2/orgs")).get("orgs").get(0).get("id").asText();
        }
        assertThat(second).isEqualTo(first).isEqualTo(ORG);
    }
}
