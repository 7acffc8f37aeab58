package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

class TokenReassignTest {

    private static String createFull(TestServer server, WebClient client, String description) {
        var response = client.post("/tokens", "description", description, "expiration", "never", "preset", "full");
        assertThat(response.statusCode()).isEqualTo(200);
        return Tokens.idOf(server, description);
    }

    private static String column(TestServer server, String column, String id) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM tokens WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    @Test
    void a_full_access_token_reassigned_to_a_viewer_becomes_read_only_and_keeps_its_value() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var vic = Users.create(server, owner, "vic", Role.VIEWER);
            var id = createFull(server, owner, "ci-full");
            var digest = column(server, "digest", id);

            var dialog = owner.get("/tokens/" + id + "/reassign").body();
            assertThat(dialog).contains("Reassign token \u201cci-full\u201d?").contains("New owner")
                    .contains("vic (Viewer)").contains("clients keep working");

            var response = owner.htmxPost("/tokens/" + id + "/reassign", "userId", vic, "origin", "list");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("HX-Trigger")).contains("tokens-changed");
            assertThat(response.body()).contains("Token \u201cci-full\u201d reassigned to vic.")
                    .contains("Dropped permissions a Viewer cannot hold:").contains("tokens:write").contains("users:write")
                    .contains("agents:write");
            assertThat(column(server, "owner_id", id)).isEqualTo(vic);
            assertThat(column(server, "digest", id)).isEqualTo(digest);
            assertThat(column(server, "permissions", id)).doesNotContain("write").doesNotContain("tokens")
                    .contains("configs:read");
            assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE kind = 'reassigned'"
                    + " AND detail LIKE 'from owner to vic; dropped %'")).isEqualTo(1);
            assertThat(owner.get("/tokens/" + id + "?tab=activity").body()).contains("data-kind=\"reassigned\"");
        }
    }

    @Test
    void bulk_reassign_moves_every_selected_token_in_one_go() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var mel = Users.create(server, owner, "mel", Role.MANAGER);
            var ids = new String[] {createFull(server, owner, "a"), createFull(server, owner, "b"), createFull(server, owner, "c")};
            var untouched = createFull(server, owner, "d");
            assertThat(owner.get("/tokens/bulk/reassign?ids=" + ids[0] + "&ids=" + ids[1] + "&ids=" + ids[2]).body())
                    .contains("Reassign 3 tokens?").contains("mel (Manager)");

            var response = owner.post("/tokens/bulk/reassign", "ids", ids[0], "ids", ids[1], "ids", ids[2], "userId", mel);
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(owner.get("/tokens").body()).contains("3 tokens reassigned to mel.")
                    .contains("Dropped permissions a Manager cannot hold:").contains("settings:write").contains("users:write");
            assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE owner_id = '" + mel + "'")).isEqualTo(3);
            assertThat(column(server, "owner_id", untouched)).isEqualTo(Users.idOf(server, TestServer.OWNER));
            // the manager now sees exactly those three
            var asMel = Users.signedIn(server, "mel").get("/tokens").body();
            assertThat(asMel).contains("Showing 1–3 of 3");
        }
    }

    @Test
    void reassigning_to_a_disabled_user_or_to_nobody_is_refused_in_the_dialog_and_changes_nothing() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var gone = Users.create(server, owner, "gone", Role.MANAGER);
            owner.post("/users/" + gone + "/disable");
            var id = createFull(server, owner, "keep-me");
            var ownerId = Users.idOf(server, TestServer.OWNER);

            var disabled = owner.htmxPost("/tokens/" + id + "/reassign", "userId", gone, "origin", "list");
            assertThat(disabled.statusCode()).isEqualTo(422);
            assertThat(disabled.headers().firstValue("HX-Retarget")).contains("#confirm-body");
            assertThat(disabled.body()).contains("Cannot reassign to gone: the user is disabled.").contains("reassign-user");

            var nobody = owner.htmxPost("/tokens/bulk/reassign", "ids", id, "userId", "");
            assertThat(nobody.statusCode()).isEqualTo(422);
            assertThat(nobody.body()).contains("Choose the user who gets the tokens.");
            assertThat(owner.post("/tokens/" + id + "/reassign", "userId", "0123456789abcdef").statusCode()).isEqualTo(422);

            assertThat(column(server, "owner_id", id)).isEqualTo(ownerId);
            assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE kind = 'reassigned'")).isZero();
        }
    }

    @Test
    void a_bulk_reassign_with_one_unknown_id_changes_none() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var mel = Users.create(server, owner, "mel", Role.MANAGER);
            var id = createFull(server, owner, "real");
            var response = owner.post("/tokens/bulk/reassign", "ids", id, "ids", "fedcba9876543210", "userId", mel);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("fedcba9876543210").contains("nothing was changed");
            assertThat(column(server, "owner_id", id)).isEqualTo(Users.idOf(server, TestServer.OWNER));
        }
    }

    @Test
    void reassign_from_the_manage_tab_returns_there() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var mel = Users.create(server, owner, "mel", Role.MANAGER);
            var id = createFull(server, owner, "detail-token");
            assertThat(owner.get("/tokens/" + id + "?tab=manage").body()).contains("id=\"manage-reassign\"");
            var response = owner.post("/tokens/" + id + "/reassign", "userId", mel, "origin", "detail");
            assertThat(response.headers().firstValue("Location")).contains("/tokens/" + id + "?tab=manage");
            assertThat(owner.get("/tokens/" + id + "?tab=overview").body()).contains("reassigned to mel");
        }
    }
}
