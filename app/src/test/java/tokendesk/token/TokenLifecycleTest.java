package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.WebClient;

class TokenLifecycleTest {

    @Test
    void revoke_asks_first_then_records_who_and_when_and_is_permanent() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "web-01");
            var confirm = owner.get("/tokens/" + token.id() + "/revoke");
            assertThat(confirm.body()).contains("Revoke token \u201cweb-01\u201d?").contains("cannot be undone")
                    .contains("create a new token");
            assertThat(Tokens.statusOf(server, token.id())).isEqualTo("ACTIVE");

            var done = owner.post("/tokens/" + token.id() + "/revoke");
            assertThat(done.statusCode()).isEqualTo(303);
            assertThat(Tokens.statusOf(server, token.id())).isEqualTo("REVOKED");
            assertThat(server.count("SELECT COUNT(*) FROM token_revocations WHERE revoked_at IS NOT NULL AND revoked_by IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(owner.get("/tokens").body()).contains("Token \u201cweb-01\u201d revoked.").contains("Revoked");

            var detail = owner.get("/tokens/" + token.id() + "?tab=manage").body();
            assertThat(detail).doesNotContain("id=\"manage-revoke\"").contains("id=\"manage-delete\"");
            var activity = owner.get("/tokens/" + token.id() + "?tab=activity").body();
            assertThat(activity).contains("data-kind=\"created\"").contains("data-kind=\"revoked\"");
            assertThat(owner.get("/tokens/" + token.id() + "/revoke").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void htmx_revoke_from_the_list_answers_with_a_flash_and_a_reload_event() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "web-02");
            var response = owner.htmxPost("/tokens/" + token.id() + "/revoke", "origin", "list");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("HX-Trigger")).contains("tokens-changed");
            assertThat(response.body()).contains("Token \u201cweb-02\u201d revoked.").doesNotContain("<html");
        }
    }

    @Test
    void delete_removes_the_token_and_its_history() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "to-delete");
            assertThat(owner.get("/tokens/" + token.id() + "/delete").body()).contains("Delete token \u201cto-delete\u201d?")
                    .contains("cannot be undone").contains("lose access");
            owner.post("/tokens/" + token.id() + "/delete");
            assertThat(Tokens.statusOf(server, token.id())).isEqualTo("GONE");
            assertThat(server.count("SELECT COUNT(*) FROM token_events")).isZero();
            assertThat(owner.get("/tokens/" + token.id()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void bulk_revoke_and_delete_state_the_count_and_change_exactly_the_selection() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var ids = new ArrayList<String>();
            for (int i = 1; i <= 6; i++) {
                ids.add(Tokens.create(server, owner, "bulk-" + i).id());
            }
            var confirm = owner.get("/tokens/bulk/revoke?ids=" + ids.get(0) + "&ids=" + ids.get(1) + "&ids=" + ids.get(2));
            assertThat(confirm.body()).contains("Revoke 3 tokens?");

            var revoked = owner.htmxPost("/tokens/bulk/revoke", fields(ids.subList(0, 3)));
            assertThat(revoked.body()).contains("3 tokens revoked");
            assertThat(ids.stream().map(id -> Tokens.statusOf(server, id)).toList())
                    .containsExactly("REVOKED", "REVOKED", "REVOKED", "ACTIVE", "ACTIVE", "ACTIVE");

            assertThat(owner.get("/tokens/bulk/delete?ids=" + ids.get(3) + "&ids=" + ids.get(4)).body())
                    .contains("Delete 2 tokens?");
            var deleted = owner.htmxPost("/tokens/bulk/delete", fields(ids.subList(3, 5)));
            assertThat(deleted.body()).contains("2 tokens deleted");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(4);
            assertThat(Tokens.statusOf(server, ids.get(5))).isEqualTo("ACTIVE");
        }
    }

    @Test
    void a_bulk_request_naming_an_unknown_id_changes_nothing_and_names_it() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var a = Tokens.create(server, owner, "a").id();
            var b = Tokens.create(server, owner, "b").id();
            var response = owner.htmxPost("/tokens/bulk/revoke", fields(List.of(a, "0123456789abcdef", b)));
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("0123456789abcdef").contains("nothing was changed");
            assertThat(Tokens.statusOf(server, a)).isEqualTo("ACTIVE");
            assertThat(Tokens.statusOf(server, b)).isEqualTo("ACTIVE");

            var deleteResponse = owner.htmxPost("/tokens/bulk/delete", fields(List.of(a, "fedcba9876543210")));
            assertThat(deleteResponse.statusCode()).isEqualTo(404);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(2);
        }
    }

    @Test
    void malformed_unknown_and_empty_ids_get_clear_4xx_messages() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Tokens.create(server, owner, "keep");
            assertThat(owner.get("/tokens/0123456789abcdef").statusCode()).isEqualTo(404);
            assertThat(owner.get("/tokens/not-an-id").statusCode()).isEqualTo(404);
            assertThat(owner.get("/tokens/0123456789abcdef").body()).contains("No token with id 0123456789abcdef.");
            assertThat(owner.post("/tokens/0123456789abcdef/revoke").statusCode()).isEqualTo(404);
            assertThat(owner.post("/tokens/0123456789abcdef/delete").statusCode()).isEqualTo(404);
            assertThat(owner.post("/tokens/0123456789abcdef/explode").statusCode()).isEqualTo(404);

            var malformed = owner.htmxPost("/tokens/bulk/revoke", "ids", "<script>alert(1)</script>");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("Not a token id").doesNotContain("<script>");
            var empty = owner.htmxPost("/tokens/bulk/delete");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("Select at least one token.");
            assertThat(owner.get("/tokens/bulk/revoke").statusCode()).isEqualTo(400);
            assertThat(server.count("SELECT COUNT(*) FROM " + Tokens.WITH_STATUS + " WHERE status = 'ACTIVE'")).isEqualTo(1);
        }
    }

    @Test
    void requests_without_or_with_another_sessions_csrf_token_are_refused_and_change_nothing() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "guarded");
            var other = server.owner();
            var foreign = other.csrf();

            var noToken = owner.postRaw("/tokens/" + token.id() + "/revoke");
            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(noToken.body()).contains("CSRF");
            var wrongToken = owner.postRaw("/tokens/" + token.id() + "/revoke", "_csrf", foreign + "00");
            assertThat(wrongToken.statusCode()).isEqualTo(403);
            var othersToken = owner.postRaw("/tokens/bulk/delete", "ids", token.id(), "_csrf", foreign);
            assertThat(othersToken.statusCode()).isEqualTo(403);
            var create = owner.postRaw("/tokens", "description", "sneaky", "expiration", "30d", "preset", "full");
            assertThat(create.statusCode()).isEqualTo(403);
            var signInForm = server.client().postRaw("/login", "username", TestServer.OWNER,
                    "password", TestServer.OWNER_PASSWORD);
            assertThat(signInForm.statusCode()).isEqualTo(403);

            assertThat(Tokens.statusOf(server, token.id())).isEqualTo("ACTIVE");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
        }
    }

    @Test
    void signed_out_visitors_are_sent_to_sign_in_and_htmx_gets_a_redirect_header() {
        try (var server = TestServer.withOwner()) {
            WebClient anonymous = server.client();
            assertThat(anonymous.get("/tokens").statusCode()).isEqualTo(303);
            var htmx = anonymous.get("/tokens", "HX-Request", "true");
            assertThat(htmx.statusCode()).isEqualTo(401);
            assertThat(htmx.headers().firstValue("HX-Redirect")).contains("/login");
        }
    }

    private static String[] fields(List<String> ids) {
        var fields = new ArrayList<String>();
        for (var id : ids) {
            fields.add("ids");
            fields.add(id);
        }
        return fields.toArray(new String[0]);
    }
}
