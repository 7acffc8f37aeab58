package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

class TokenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRESHARED = "tc-apiv1_" + "ab".repeat(32);

    /** An Api client holding a full-access, never-expiring token of the owner (what it makes may never expire). */
    private static Api ownerApi(TestServer server) {
        return Api.bearer(server, Tokens.create(server, server.owner(), "admin-ci", "full", "never").value());
    }

    @Test
    void create_returns_201_with_the_value_once_and_get_never_shows_it_again() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var created = api.post("/api/tokens", "{\"name\":\"telegraf-01\",\"permissions\":\"configs:read, heartbeat:write\","
                    + "\"expiresAt\":\"2099-01-31T00:00:00Z\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
            var body = json(created);
            var value = body.get("token").asText();
            assertThat(value).matches("tc-apiv1_[0-9a-f]{64}");
            assertThat(body.get("description").asText()).isEqualTo("telegraf-01");
            assertThat(body.get("source").asText()).isEqualTo("api");
            assertThat(body.get("expiresAt").asText()).isEqualTo("2099-01-31T00:00:00Z");
            assertThat(body.get("permissions").toString()).isEqualTo("[\"configs:read\",\"heartbeat:write\"]");

            var id = body.get("id").asText();
            var fetched = api.get("/api/tokens/" + id);
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).doesNotContain(value).contains("\"status\":\"active\"");
            assertThat(api.get("/api/tokens").body()).doesNotContain(value);
            assertThat(Api.bearer(server, value).get("/api/tokens").statusCode()).as("configs/heartbeat only").isEqualTo(403);
        }
    }

    /** A token made with a token never outlives it: asked for no expiry it gets its maker's, a later one is a 400. */
    @Test
    void a_token_created_by_a_token_never_expires_later_than_that_token() {
        try (var server = TestServer.withOwner()) {
            var parentExpiry = java.time.Instant.now().plus(java.time.Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var api = ownerApi(server);
            var parent = json(api.post("/api/tokens", "{\"description\":\"parent\","
                    + "\"permissions\":[\"tokens:write\",\"configs:read\"],\"expiresAt\":\"" + parentExpiry + "\"}"));
            var withParent = Api.bearer(server, parent.get("token").asText());

            var child = withParent.post("/api/tokens", "{\"description\":\"child\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":null}");
            assertThat(child.statusCode()).as(child.body()).isEqualTo(201);
            assertThat(json(child).get("expiresAt").asText()).isEqualTo(parentExpiry.toString());

            var later = withParent.post("/api/tokens", "{\"description\":\"later\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":\"" + parentExpiry.plus(java.time.Duration.ofDays(30)) + "\"}");
            assertThat(later.statusCode()).isEqualTo(400);
            assertThat(json(later).get("message").asText()).contains("This API token expires at " + parentExpiry)
                    .contains("must expire by then");
            var sooner = withParent.post("/api/tokens", "{\"description\":\"sooner\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":\"" + parentExpiry.minus(java.time.Duration.ofDays(1)) + "\"}");
            assertThat(sooner.statusCode()).isEqualTo(201);
            assertThat(api.post("/api/tokens", "{\"description\":\"forever\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":null}").body())
                    .as("a never-expiring token may make a never-expiring one").contains("\"expiresAt\":null");

            // the audit names the token as well as its owner, on the page and in the CSV; the maker's Activity lists
            // what it made
            var parentId = parent.get("id").asText();
            var childId = json(child).get("id").asText();
            var via = TestServer.OWNER + " via token " + parentId;
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.created' AND actor_name = '"
                    + via + "'")).isEqualTo(2);
            assertThat(server.owner().get("/audit").body()).contains(via);
            assertThat(server.owner().get("/audit.csv?actor=" + via.replace(" ", "+")).body()).contains(via)
                    .contains(childId);
            assertThat(server.owner().get("/tokens/" + parentId + "?tab=activity").body())
                    .contains("Created token by " + TestServer.OWNER + " \u2014 child (" + childId + ")");
            assertThat(server.owner().get("/tokens/" + childId + "?tab=activity").body()).contains("with token " + parentId);
        }
    }

    @Test
    void list_filters_and_pages() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            for (int i = 0; i < 5; i++) {
                api.post("/api/tokens", "{\"description\":\"web-" + i + "\",\"permissions\":[\"agents:read\"]}");
            }
            var revoked = Tokens.idOf(server, "web-0");
            api.post("/api/tokens/" + revoked + "/revoke", null);

            var page = json(api.get("/api/tokens?q=web-&limit=2&page=2"));
            assertThat(page.get("total").asInt()).isEqualTo(5);
            assertThat(page.get("tokens").size()).isEqualTo(2);
            assertThat(page.get("page").asInt()).isEqualTo(2);
            assertThat(json(api.get("/api/tokens?status=revoked")).get("tokens").get(0).get("id").asText()).isEqualTo(revoked);
            var ownerId = Users.idOf(server, TestServer.OWNER);
            assertThat(json(api.get("/api/tokens?owner=" + ownerId)).get("total").asInt()).isEqualTo(6);

            for (var bad : new String[] {"status=gone", "limit=0", "limit=5000", "page=x", "owner=nobody"}) {
                var response = api.get("/api/tokens?" + bad);
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
                assertThat(json(response).get("code").asText()).isEqualTo("invalid");
            }
        }
    }

    @Test
    void revoke_delete_and_reassign_one_token() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var vic = Users.create(server, server.owner(), "vic", Role.VIEWER);
            var a = json(api.post("/api/tokens", "{\"description\":\"a\",\"permissions\":[\"configs:write\",\"tokens:read\"]}"));
            var b = json(api.post("/api/tokens", "{\"description\":\"b\",\"permissions\":[\"configs:read\"]}"));
            var c = json(api.post("/api/tokens", "{\"description\":\"c\",\"permissions\":[\"configs:read\"]}"));

            var revoked = api.post("/api/tokens/" + a.get("id").asText() + "/revoke", null);
            assertThat(json(revoked).get("status").asText()).isEqualTo("revoked");

            assertThat(api.delete("/api/tokens/" + b.get("id").asText()).statusCode()).isEqualTo(204);
            assertThat(api.get("/api/tokens/" + b.get("id").asText()).statusCode()).isEqualTo(404);

            var moved = json(api.post("/api/tokens/" + c.get("id").asText() + "/reassign", "{\"userId\":\"" + vic + "\"}"));
            assertThat(moved.get("owner").asText()).isEqualTo("vic");
            var clipped = json(api.post("/api/tokens/" + a.get("id").asText() + "/reassign", "{\"userId\":\"" + vic + "\"}"));
            assertThat(clipped.get("permissions").toString()).isEqualTo("[\"configs:read\"]");
            assertThat(clipped.get("droppedPermissions").toString()).contains("configs:write").contains("tokens:read");
        }
    }

    @Test
    void bulk_actions_are_all_or_nothing() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var mel = Users.create(server, server.owner(), "mel", Role.MANAGER);
            var ids = new String[3];
            for (int i = 0; i < 3; i++) {
                ids[i] = json(api.post("/api/tokens", "{\"description\":\"t" + i + "\",\"permissions\":[\"users:read\"]}"))
                        .get("id").asText();
            }
            var list = "[\"" + ids[0] + "\",\"" + ids[1] + "\"]";
            var unknown = api.post("/api/tokens/bulk/revoke", "{\"ids\":[\"" + ids[0] + "\",\"0000000000000000\"]}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("0000000000000000");
            assertThat(Tokens.statusOf(server, ids[0])).isEqualTo("ACTIVE");

            assertThat(api.post("/api/tokens/bulk/revoke", "{\"ids\":" + list + "}").body()).isEqualTo("{\"revoked\":2}");
            assertThat(server.count("SELECT COUNT(*) FROM token_revocations WHERE revoked_by IS NOT NULL")).isEqualTo(2);
            var reassigned = json(api.post("/api/tokens/bulk/reassign", "{\"ids\":[\"" + ids[2] + "\"],\"userId\":\"" + mel + "\"}"));
            assertThat(reassigned.get("reassigned").asInt()).isEqualTo(1);
            assertThat(reassigned.get("droppedPermissions").toString()).isEqualTo("[\"users:read\"]");
            assertThat(api.post("/api/tokens/bulk/delete", "{\"ids\":" + list + "}").body()).isEqualTo("{\"deleted\":2}");
            assertThat(api.post("/api/tokens/bulk/explode", "{\"ids\":" + list + "}").statusCode()).isEqualTo(404);
            assertThat(api.post("/api/tokens/bulk/delete", "{\"ids\":[]}").statusCode()).isEqualTo(400);
            assertThat(api.post("/api/tokens/bulk/delete", "{\"ids\":\"x\"}").statusCode()).isEqualTo(400);
            // what is not exactly one JSON object is refused, not guessed at
            var last = "[\"" + ids[2] + "\"]";
            assertThat(api.post("/api/tokens/bulk/delete", "{\"ids\":" + last + "}&{\"ids\":[]}").statusCode()).isEqualTo(400);
            assertThat(api.post("/api/tokens/bulk/delete", "{\"ids\":[],\"ids\":" + last + "}").statusCode()).isEqualTo(400);
            assertThat(Tokens.statusOf(server, ids[2])).isEqualTo("ACTIVE");
        }
    }

    @Test
    void bad_requests_get_a_code_and_a_reason_and_change_nothing() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            api.post("/api/tokens", "{\"description\":\"taken\",\"permissions\":[\"configs:read\"],\"rawToken\":\"" + PRESHARED + "\"}");
            String[][] cases = {
                {"not json", "400", "invalid", "not valid JSON"},
                {"[]", "400", "invalid", "JSON object"},
                {"{\"permissions\":[\"configs:read\"]}", "400", "invalid", "Description is required."},
                {"{\"description\":\"x\",\"permissions\":[\"configs:fly\"]}", "400", "invalid", "Unknown permission: configs:fly."},
                {"{\"description\":\"x\",\"permissions\":[]}", "400", "invalid", "Choose at least one permission."},
                {"{\"description\":\"x\",\"permissions\":[1]}", "400", "invalid", "array of strings"},
                {"{\"description\":\"x\",\"permissions\":[\"configs:read\"],\"expiresAt\":\"tomorrow\"}", "400", "invalid", "ISO-8601"},
                {"{\"description\":\"x\",\"permissions\":[\"configs:read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "400", "invalid", "future"},
                {"{\"description\":\"x\",\"permissions\":[\"configs:read\"],\"rawToken\":\"tc-apiv1_XYZ\"}", "400", "invalid", "64 lowercase hex"},
                {"{\"description\":\"x\",\"permissions\":[\"configs:read\"],\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}", "400", "invalid", "9999-12-31"},
                {"{\"description\":\"taken\",\"permissions\":[\"configs:read\"]}", "409", "token_name_conflict", "already exists"},
                {"{\"description\":\"y\",\"permissions\":[\"configs:read\"],\"rawToken\":\"" + PRESHARED + "\"}", "409", "token_value_conflict", "already in use"},
            };
            for (var c : cases) {
                var response = api.post("/api/tokens", c[0]);
                assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(json(response).get("code").asText()).as(c[0]).isEqualTo(c[2]);
                assertThat(json(response).get("message").asText()).as(c[0]).contains(c[3]).doesNotContain(PRESHARED);
            }
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(2);
            assertThat(api.get("/api/tokens/zzz").statusCode()).isEqualTo(404);
            assertThat(api.get("/api/tokens/0123456789abcdef").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void simultaneous_creates_with_one_description_give_one_201_and_409s_never_a_500() throws Exception {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            var start = new java.util.concurrent.CountDownLatch(1);
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/tokens", "{\"description\":\"race\",\"permissions\":[\"configs:read\"]}").statusCode();
                }));
            }
            start.countDown();
            var codes = new java.util.ArrayList<Integer>();
            for (var r : results) {
                codes.add(r.get());
            }
            pool.shutdown();
            assertThat(codes).containsOnly(201, 409);
            assertThat(codes.stream().filter(c -> c == 201).count()).isEqualTo(1);
        }
    }

    @Test
    void a_preshared_value_authenticates_and_can_be_turned_off() {
        try (var server = TestServer.withOwner()) {
            var api = ownerApi(server);
            assertThat(api.get("/api/tokens/capabilities").body()).isEqualTo("{\"preSharedTokensEnabled\":true}");
            var created = api.post("/api/tokens", "{\"description\":\"pre\",\"permissions\":[\"tokens:read\"],\"rawToken\":\"" + PRESHARED + "\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(Api.bearer(server, PRESHARED).get("/api/tokens").statusCode()).isEqualTo(200);
        }
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withDisablePresharedTokens(true))) {
            var api = ownerApi(server);
            assertThat(api.get("/api/tokens/capabilities").body()).isEqualTo("{\"preSharedTokensEnabled\":false}");
            var refused = api.post("/api/tokens", "{\"description\":\"pre\",\"permissions\":[\"tokens:read\"],\"rawToken\":\"" + PRESHARED + "\"}");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json(refused).get("code").asText()).isEqualTo("preshared_tokens_disabled");
            assertThat(server.owner().get("/tokens/new").body()).doesNotContain("Provide your own token string");
        }
    }

    @Test
    void a_managers_token_sees_and_changes_only_the_managers_tokens() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Users.create(server, owner, "mel", Role.MANAGER);
            var mine = Tokens.create(server, Users.signedIn(server, "mel"), "mel-ci", "full");
            var others = Tokens.create(server, owner, "owner-token", "read");
            var api = Api.bearer(server, mine.value());
            var list = json(api.get("/api/tokens"));
            assertThat(list.get("total").asInt()).isEqualTo(1);
            assertThat(api.get("/api/tokens/" + others.id()).statusCode()).isEqualTo(404);
            assertThat(api.post("/api/tokens/" + others.id() + "/revoke", null).statusCode()).isEqualTo(404);
            assertThat(api.delete("/api/tokens/" + others.id()).statusCode()).isEqualTo(404);
            assertThat(api.post("/api/tokens/bulk/reassign", "{\"ids\":[\"" + mine.id() + "\"],\"userId\":\"x\"}").statusCode())
                    .isEqualTo(403);
            assertThat(api.post("/api/tokens", "{\"description\":\"too-much\",\"permissions\":[\"users:write\"]}").body())
                    .contains("cannot grant users:write");
            assertThat(Tokens.statusOf(server, others.id())).isEqualTo("ACTIVE");
        }
    }
}
