package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/** SPEC 9.4: a token's own record and self-revocation, leaked values reported without auth, and "Find by value". */
class SelfServiceAndLeaksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withOwner();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("code").asText()).isEqualTo(code);
        assertThat(json(response).get("message").asText()).contains(messagePart);
    }

    @Test
    void a_token_reads_its_own_record_and_revokes_itself() {
        var agent = Tokens.create(server, server.owner(), "ci-job", "telegraf");
        var api = Api.bearer(server, agent.value());
        var self = api.get("/api/tokens/self");
        assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
        assertThat(json(self).get("id").asText()).isEqualTo(agent.id());
        assertThat(json(self).get("effectivePermissions").toString()).contains("configs:read");
        assertThat(json(self).has("previousValidUntil")).isTrue();
        assertThat(self.body()).doesNotContain(agent.value());

        assertThat(api.delete("/api/tokens/self").statusCode()).isEqualTo(204);
        assertThat(Tokens.statusOf(server, agent.id())).isEqualTo("REVOKED");
        assertThat(api.get("/api/tokens/self").statusCode()).isEqualTo(401);
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.revoked' AND target_ids LIKE '%"
                + agent.id() + "%' AND actor_name LIKE '%via token " + agent.id() + "'")).isEqualTo(1);

        assertError(server.owner().json("GET", "/api/tokens/self", null, false), 400, "invalid", "the token itself");
        assertThat(Api.withHeader(server, null).get("/api/tokens/self").statusCode()).isEqualTo(401);
    }

    @Test
    void leaked_values_revoke_their_tokens_without_auth_and_say_only_how_many() {
        var leaked = Tokens.create(server, server.owner(), "leaked-1");
        var suspended = Tokens.create(server, server.owner(), "leaked-2");
        var safe = Tokens.create(server, server.owner(), "safe-1");
        server.owner().htmxPost("/tokens/" + suspended.id() + "/suspend", "origin", "list");
        var anonymous = Api.withHeader(server, null);
        var unknown = "tc-apiv1_" + "0".repeat(64);

        var report = anonymous.post("/api/tokens/leaked", "{\"tokens\":[\"" + leaked.value() + "\",\"" + suspended.value()
                + "\",\"" + unknown + "\",\"" + leaked.value() + "\"]}");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).isEqualTo("{\"revoked\":2}");
        assertThat(Tokens.statusOf(server, leaked.id())).isEqualTo("REVOKED");
        assertThat(Tokens.statusOf(server, suspended.id())).isEqualTo("REVOKED");
        assertThat(Tokens.statusOf(server, safe.id())).isEqualTo("ACTIVE");
        assertThat(Api.bearer(server, leaked.value()).get("/api/configs").statusCode()).isEqualTo(401);
        assertThat(server.owner().get("/tokens/" + leaked.id() + "?tab=activity").body()).contains("Reported leaked");
        assertThat(server.owner().get("/tokens/" + leaked.id()).body()).contains("by (system) — Reported leaked");
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.revoked' AND detail = 'Reported leaked'"
                + " AND source_ip = '127.0.0.1'")).isEqualTo(1);
        assertThat(anonymous.post("/api/tokens/leaked", "{\"tokens\":[\"" + leaked.value() + "\"]}").body())
                .as("already revoked").isEqualTo("{\"revoked\":0}");

        assertError(anonymous.post("/api/tokens/leaked", "{\"tokens\":[\"" + safe.value() + "\",\"tc-apiv1_nope\"]}"), 400,
                "invalid", "tokens[1]");
        assertThat(Tokens.statusOf(server, safe.id())).as("nothing revoked").isEqualTo("ACTIVE");
        assertError(anonymous.post("/api/tokens/leaked", "{\"tokens\":[]}"), 400, "invalid", "1 to 100");
        var many = new ArrayList<String>();
        for (int i = 0; i < 101; i++) {
            many.add("\"" + unknown + "\"");
        }
        assertError(anonymous.post("/api/tokens/leaked", "{\"tokens\":[" + String.join(",", many) + "]}"), 400, "invalid",
                "1 to 100");
        assertError(anonymous.post("/api/tokens/leaked", "{\"tokens\":\"" + unknown + "\"}"), 400, "invalid", "array");
        assertError(anonymous.post("/api/tokens/leaked", "{\"tokens\":[42]}"), 400, "invalid", "tokens[0]");
        assertError(anonymous.post("/api/tokens/leaked", "nope"), 400, "invalid", "JSON");
        var logged = server.jdbi().withHandle(h -> h.createQuery("SELECT detail FROM audit_events WHERE detail IS NOT NULL")
                .mapTo(String.class).list().toString());
        assertThat(logged).doesNotContain(leaked.value()).doesNotContain(safe.value());
    }

    /** On a server of its own: the limit it reaches is per address, and every test here comes from 127.0.0.1. */
    @Test
    void reports_are_limited_per_address_as_failed_token_authentication_is() {
        try (var own = TestServer.withOwner()) {
            var anonymous = Api.withHeader(own, null);
            int status = 200;
            for (int i = 0; i < 60 && status != 429; i++) {
                status = anonymous.post("/api/tokens/leaked", "{\"tokens\":[\"tc-apiv1_" + "0".repeat(64) + "\"]}").statusCode();
            }
            assertThat(status).isEqualTo(429);
            assertThat(Api.bearer(own, "tc-apiv1_" + "1".repeat(64)).get("/api/configs").statusCode())
                    .as("the same limit as a failed token").isEqualTo(429);
        }
    }

    @Test
    void find_by_value_opens_the_token_for_admins_only() {
        var token = Tokens.create(server, server.owner(), "find-me");
        var owner = server.owner();
        assertThat(owner.get("/tokens").body()).contains("id=\"find-by-value\"");
        assertThat(owner.get("/tokens/find", "HX-Request", "true").body()).contains("Find by value").contains("name=\"value\"");
        var found = owner.htmxPost("/tokens/find", "value", token.value());
        assertThat(found.headers().firstValue("HX-Redirect")).contains("/tokens/" + token.id());
        var plain = owner.post("/tokens/find", "value", token.value());
        assertThat(plain.statusCode()).isEqualTo(303);
        assertThat(plain.headers().firstValue("Location")).contains("/tokens/" + token.id());
        var missing = owner.htmxPost("/tokens/find", "value", "tc-apiv1_" + "9".repeat(64));
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("No token has this value");
        assertThat(owner.htmxPost("/tokens/find", "value", "not a token").body()).contains("No token has this value");

        Users.create(server, owner, "max", Role.MANAGER);
        var manager = Users.signedIn(server, "max");
        assertThat(manager.get("/tokens").body()).doesNotContain("id=\"find-by-value\"");
        assertThat(manager.htmxPost("/tokens/find", "value", token.value()).statusCode()).isEqualTo(403);
    }
}
