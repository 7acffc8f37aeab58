package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/** SPEC 9.2: suspend and resume, one token or many, through the API and the pages, on one shared server. */
class TokenSuspensionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Api admin;

    @BeforeAll
    static void start() {
        server = TestServer.withOwner();
        admin = Api.bearer(server, Tokens.create(server, server.owner(), "admin-ci", "full", "never").value());
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

    private static int audited(String action, String id) {
        return server.count("SELECT COUNT(*) FROM audit_events WHERE action = '" + action + "' AND target_ids LIKE '%" + id + "%'");
    }

    @Test
    void a_suspended_token_is_refused_on_its_next_request_even_when_cached_and_works_again_after_resume() {
        var token = Tokens.create(server, server.owner(), "agent-suspend", "telegraf");
        var agent = Api.bearer(server, token.value());
        assertThat(agent.get("/api/configs").statusCode()).as("used once: now in the auth cache").isEqualTo(200);

        var suspended = admin.post("/api/tokens/" + token.id() + "/suspend", "");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(json(suspended).get("status").asText()).isEqualTo("suspended");
        assertThat(json(suspended).get("suspendedBy").asText()).isEqualTo(TestServer.OWNER);
        assertThat(agent.get("/api/configs").statusCode()).isEqualTo(401);
        assertThat(agent.get("/api/configs").statusCode()).isEqualTo(401);
        assertThat(json(admin.get("/api/tokens?status=suspended")).get("tokens").toString()).contains(token.id());
        assertThat(json(admin.get("/api/tokens?status=active")).get("tokens").toString()).doesNotContain(token.id());
        assertThat(admin.post("/api/tokens/" + token.id() + "/suspend", "").statusCode()).as("again: no change").isEqualTo(200);

        var resumed = admin.post("/api/tokens/" + token.id() + "/resume", "");
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(json(resumed).get("status").asText()).isEqualTo("active");
        assertThat(agent.get("/api/configs").statusCode()).as("the very next request after Resume").isEqualTo(200);

        assertThat(audited("token.suspended", token.id())).isEqualTo(1);
        assertThat(audited("token.resumed", token.id())).isEqualTo(1);
        assertThat(server.owner().get("/tokens/" + token.id() + "?tab=activity").body())
                .contains("data-kind=\"suspended\"").contains("data-kind=\"resumed\"");

        // a suspended token can still be revoked, and then never resumed
        admin.post("/api/tokens/" + token.id() + "/suspend", "");
        assertThat(admin.post("/api/tokens/" + token.id() + "/revoke", "").statusCode()).isEqualTo(200);
        assertError(admin.post("/api/tokens/" + token.id() + "/resume", ""), 409, "token_revoked", "revocation is permanent");
        assertThat(Tokens.statusOf(server, token.id())).isEqualTo("REVOKED");
        assertThat(agent.get("/api/configs").statusCode()).isEqualTo(401);
    }

    @Test
    void bulk_suspend_and_resume_are_all_or_nothing() {
        var a = Tokens.create(server, server.owner(), "bulk-s-a").id();
        var b = Tokens.create(server, server.owner(), "bulk-s-b").id();
        var c = Tokens.create(server, server.owner(), "bulk-s-c").id();
        var body = "{\"ids\":[\"" + a + "\",\"" + b + "\",\"0123456789abcdef\"]}";
        assertError(admin.post("/api/tokens/bulk/suspend", body), 404, "not_found", "0123456789abcdef");
        assertThat(List.of(Tokens.statusOf(server, a), Tokens.statusOf(server, b))).containsOnly("ACTIVE");

        var done = admin.post("/api/tokens/bulk/suspend", "{\"ids\":[\"" + a + "\",\"" + b + "\",\"" + c + "\"]}");
        assertThat(json(done).get("suspended").asInt()).as(done.body()).isEqualTo(3);
        admin.post("/api/tokens/" + c + "/revoke", "");
        assertError(admin.post("/api/tokens/bulk/resume", "{\"ids\":[\"" + a + "\",\"" + b + "\",\"" + c + "\"]}"), 409,
                "token_revoked", c);
        assertThat(List.of(Tokens.statusOf(server, a), Tokens.statusOf(server, b))).as("nothing resumed").containsOnly("SUSPENDED");
        var resumed = admin.post("/api/tokens/bulk/resume", "{\"ids\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(json(resumed).get("resumed").asInt()).isEqualTo(2);

        assertError(admin.post("/api/tokens/bulk/suspend", "{\"ids\":\"" + a + "\"}"), 400, "invalid", "array");
        assertError(admin.post("/api/tokens/bulk/suspend", "{\"ids\":[]}"), 400, "invalid", "at least one");
        assertError(admin.post("/api/tokens/bulk/resume", "{\"ids\":[\"nope\"]}"), 400, "invalid", "Not a token id");
        assertError(admin.post("/api/tokens/bulk/resume", "{nope"), 400, "invalid", "JSON");
        assertError(admin.post("/api/tokens/0123456789abcdef/suspend", ""), 404, "not_found", "0123456789abcdef");
    }

    @Test
    void managers_suspend_only_their_own_tokens_and_viewers_none() {
        Users.create(server, server.owner(), "mia", Role.MANAGER);
        Users.create(server, server.owner(), "vic", Role.VIEWER);
        var ownerToken = Tokens.create(server, server.owner(), "owners-agent").id();
        var mia = Users.signedIn(server, "mia");
        var miaToken = Tokens.create(server, mia, "mias-agent").id();
        var miaApi = Api.bearer(server, Tokens.create(server, mia, "mias-admin", "full").value());

        assertError(miaApi.post("/api/tokens/" + ownerToken + "/suspend", ""), 404, "not_found", ownerToken);
        assertError(miaApi.post("/api/tokens/bulk/suspend", "{\"ids\":[\"" + miaToken + "\",\"" + ownerToken + "\"]}"),
                404, "not_found", ownerToken);
        assertThat(Tokens.statusOf(server, miaToken)).isEqualTo("ACTIVE");
        assertThat(miaApi.post("/api/tokens/" + miaToken + "/suspend", "").statusCode()).isEqualTo(200);

        WebClient vic = Users.signedIn(server, "vic");
        assertThat(vic.postJson("/api/tokens/" + miaToken + "/resume", "").statusCode()).isEqualTo(403);
        var readOnly = Api.bearer(server, Tokens.create(server, server.owner(), "reader", "read").value());
        assertError(readOnly.post("/api/tokens/" + miaToken + "/resume", ""), 403, "forbidden", "tokens:write");
        assertThat(Tokens.statusOf(server, miaToken)).isEqualTo("SUSPENDED");
    }

    @Test
    void the_pages_confirm_then_suspend_and_resume_one_token_or_a_selection() {
        var owner = server.owner();
        var token = Tokens.create(server, owner, "page-agent");
        var other = Tokens.create(server, owner, "page-agent-2");
        assertThat(owner.get("/tokens/" + token.id() + "/suspend").body())
                .contains("Suspend token \u201cpage-agent\u201d?").contains("can be resumed later");
        var flash = owner.htmxPost("/tokens/" + token.id() + "/suspend", "origin", "list");
        assertThat(flash.body()).contains("Token \u201cpage-agent\u201d suspended.");
        assertThat(owner.get("/tokens?status=suspended").body()).contains("page-agent").doesNotContain("page-agent-2")
                .contains("badge-suspended").contains("id=\"bulk-suspend\"").contains("id=\"bulk-resume\"");
        assertThat(owner.get("/tokens/" + token.id() + "?tab=manage").body()).contains("id=\"manage-resume\"")
                .doesNotContain("id=\"manage-suspend\"");

        assertThat(owner.get("/tokens/bulk/resume?ids=" + token.id() + "&ids=" + other.id()).body()).contains("Resume 2 tokens?");
        assertThat(owner.htmxPost("/tokens/bulk/suspend", "ids", token.id(), "ids", other.id()).body())
                .contains("1 token suspended");
        assertThat(owner.htmxPost("/tokens/bulk/resume", "ids", token.id(), "ids", other.id()).body())
                .contains("2 tokens resumed");
        assertThat(List.of(Tokens.statusOf(server, token.id()), Tokens.statusOf(server, other.id()))).containsOnly("ACTIVE");
    }
}
