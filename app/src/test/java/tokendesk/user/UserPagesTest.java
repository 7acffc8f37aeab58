package tokendesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;

class UserPagesTest {

    @Test
    void the_owner_creates_users_and_sees_them_with_role_state_and_token_count() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(owner.get("/users/new").body()).contains("Create user").contains("Initial password");
            var bob = Users.create(server, owner, "bob", Role.MANAGER);
            Tokens.create(server, Users.signedIn(server, "bob"), "bob's token");

            var page = owner.get("/users").body();
            assertThat(page).contains("User bob created as Manager.").contains("id=\"user-bob\"");
            var row = page.substring(page.indexOf("id=\"user-bob\""));
            assertThat(row.substring(0, row.indexOf("</tr>"))).contains("Manager").contains("Active")
                    .contains("<td class=\"token-count\">1</td>");
            assertThat(Users.roleOf(server, bob)).isEqualTo("MANAGER");
        }
    }

    @Test
    void bad_user_input_is_shown_in_the_dialog_and_creates_nothing() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Users.create(server, owner, "bob", Role.VIEWER);
            var cases = new String[][] {
                {"", "VIEWER", Users.PASSWORD, "Username is required."},
                {"has space", "VIEWER", Users.PASSWORD, "Username must be 1–64 letters"},
                {"bob", "VIEWER", Users.PASSWORD, "This username is already taken."},
                {"carol", "VIEWER", "short", "Password must be at least 12 characters."},
                {"carol", "OWNER", Users.PASSWORD, "cannot make someone Owner"},
                {"carol", "EMPEROR", Users.PASSWORD, "Choose a role."},
            };
            for (var c : cases) {
                var response = owner.htmxPost("/users", "username", c[0], "role", c[1], "password", c[2]);
                assertThat(response.statusCode()).as(String.join(",", c)).isEqualTo(422);
                assertThat(response.headers().firstValue("HX-Retarget")).contains("#confirm-body");
                assertThat(response.body()).contains(c[3]).doesNotContain("<html");
            }
            assertThat(server.count("SELECT COUNT(*) FROM users")).isEqualTo(2);
        }
    }

    @Test
    void only_the_owner_changes_an_administrator_and_nobody_changes_the_owner() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var alice = Users.create(server, owner, "alice", Role.ADMINISTRATOR);
            var ann = Users.create(server, owner, "ann", Role.ADMINISTRATOR);
            var vic = Users.create(server, owner, "vic", Role.VIEWER);
            var ownerId = Users.idOf(server, TestServer.OWNER);
            var admin = Users.signedIn(server, "alice");

            assertThat(admin.post("/users/" + ann + "/role", "role", "VIEWER").statusCode()).isEqualTo(403);
            assertThat(admin.post("/users/" + ann + "/disable").statusCode()).isEqualTo(403);
            assertThat(admin.post("/users/" + ann + "/delete").statusCode()).isEqualTo(403);
            assertThat(admin.post("/users/" + ownerId + "/delete").statusCode()).isEqualTo(403);
            assertThat(admin.post("/users/" + ownerId + "/disable").statusCode()).isEqualTo(403);
            assertThat(admin.post("/users/" + alice + "/role", "role", "VIEWER").statusCode()).isEqualTo(403);
            assertThat(admin.post("/users", "username", "eve", "role", "ADMINISTRATOR", "password", Users.PASSWORD)
                    .body()).contains("cannot make someone Administrator");
            assertThat(Users.roleOf(server, ann)).isEqualTo("ADMINISTRATOR");
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE disabled")).isZero();

            // an Administrator manages Managers and Viewers, but only up to Manager
            assertThat(admin.post("/users/" + vic + "/role", "role", "MANAGER").statusCode()).isEqualTo(303);
            assertThat(admin.post("/users/" + vic + "/role", "role", "ADMINISTRATOR").statusCode()).isEqualTo(422);
            assertThat(Users.roleOf(server, vic)).isEqualTo("MANAGER");
            // the owner may change an Administrator; the owner's own row offers no actions
            assertThat(owner.post("/users/" + ann + "/role", "role", "MANAGER").statusCode()).isEqualTo(303);
            assertThat(Users.roleOf(server, ann)).isEqualTo("MANAGER");
            assertThat(owner.post("/users/" + ownerId + "/delete").statusCode()).isEqualTo(403);
            var ownerRow = owner.get("/users").body();
            ownerRow = ownerRow.substring(ownerRow.indexOf("id=\"user-owner\""));
            assertThat(ownerRow.substring(0, ownerRow.indexOf("</tr>"))).doesNotContain("row-menu");
        }
    }

    @Test
    void deleting_a_user_says_how_many_tokens_go_and_removes_them_together() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bob = Users.create(server, owner, "bob", Role.MANAGER);
            var asBob = Users.signedIn(server, "bob");
            for (var name : new String[] {"b1", "b2", "b3"}) {
                Tokens.create(server, asBob, name);
            }
            var kept = Tokens.create(server, owner, "owner's");
            assertThat(owner.get("/users/" + bob + "/delete").body()).contains("Delete bob?")
                    .contains("This deletes bob and their 3 tokens with them.").contains("cannot be undone");

            var response = owner.htmxPost("/users/" + bob + "/delete");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("HX-Trigger")).contains("users-changed");
            assertThat(response.body()).contains("User bob deleted with 3 tokens.");
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE username = 'bob'")).isZero();
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
            assertThat(Tokens.statusOf(server, kept.id())).isEqualTo("ACTIVE");
            assertThat(asBob.get("/tokens").statusCode()).isEqualTo(303);
            assertThat(owner.post("/users/" + bob + "/delete").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_disabled_user_cannot_sign_in_loses_their_session_and_their_tokens_show_it() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bob = Users.create(server, owner, "bob", Role.MANAGER);
            var asBob = Users.signedIn(server, "bob");
            var token = Tokens.create(server, asBob, "bob-agent");

            assertThat(owner.get("/users/" + bob + "/disable").body()).contains("Disable bob?").contains("1 token stops");
            assertThat(owner.post("/users/" + bob + "/disable").statusCode()).isEqualTo(303);
            assertThat(asBob.get("/tokens").statusCode()).isEqualTo(303);
            assertThat(server.client().signIn("bob", Users.PASSWORD).body()).contains("Invalid username or password");
            assertThat(owner.get("/users").body()).contains("bob disabled").contains("badge-disabled");
            assertThat(owner.get("/tokens").body()).contains("Owner disabled");
            assertThat(owner.get("/tokens/" + token.id()).body()).contains("id=\"token-owner-disabled\"");

            assertThat(owner.post("/users/" + bob + "/enable").statusCode()).isEqualTo(303);
            assertThat(owner.get("/tokens").body()).doesNotContain("Owner disabled");
            Users.signedIn(server, "bob");
        }
    }

    @Test
    void lowering_a_role_ends_sessions_and_narrows_that_users_tokens_at_once() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var alice = Users.create(server, owner, "alice", Role.ADMINISTRATOR);
            var asAlice = Users.signedIn(server, "alice");
            var created = asAlice.post("/tokens", "description", "alice-full", "expiration", "never", "preset", "full");
            assertThat(created.statusCode()).isEqualTo(200);
            var id = Tokens.idOf(server, "alice-full");

            owner.post("/users/" + alice + "/role", "role", "VIEWER");
            assertThat(asAlice.get("/tokens").statusCode()).isEqualTo(303);

            var permissions = owner.get("/tokens/" + id + "?tab=permissions").body();
            assertThat(rowOf(permissions, "users")).contains("<td class=\"granted\">Read &amp; write</td>")
                    .contains("<td class=\"effective\">\u2014</td>");
            assertThat(rowOf(permissions, "configs")).contains("<td class=\"granted\">Read &amp; write</td>")
                    .contains("<td class=\"effective\">Read</td>");
        }
    }

    @Test
    void a_password_reset_ends_sessions_and_the_new_password_works() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bob = Users.create(server, owner, "bob", Role.MANAGER);
            var asBob = Users.signedIn(server, "bob");
            assertThat(owner.post("/users/" + bob + "/password", "password", "short").statusCode()).isEqualTo(422);
            assertThat(asBob.get("/tokens").statusCode()).isEqualTo(200);

            assertThat(owner.post("/users/" + bob + "/password", "password", "a brand new password").statusCode())
                    .isEqualTo(303);
            assertThat(asBob.get("/tokens").statusCode()).isEqualTo(303);
            assertThat(server.client().signIn("bob", Users.PASSWORD).statusCode()).isEqualTo(401);
            assertThat(server.client().signIn("bob", "a brand new password").statusCode()).isEqualTo(303);
        }
    }

    @Test
    void failed_sign_ins_lock_the_user_for_the_configured_minutes_and_users_shows_it() {
        var clock = MutableClock.startingNow();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withLoginLimits(3, 10), clock)) {
            var owner = server.owner();
            var bob = Users.create(server, owner, "bob", Role.VIEWER);
            var browser = server.client();
            for (int i = 0; i < 2; i++) {
                assertThat(browser.signIn("bob", "wrong " + i).body()).contains("Invalid username or password");
            }
            assertThat(browser.signIn("bob", "wrong again").body()).contains("Invalid username or password");
            assertThat(browser.signIn("bob", Users.PASSWORD).statusCode()).isEqualTo(401);
            var row = owner.get("/users").body();
            row = row.substring(row.indexOf("id=\"user-bob\""));
            assertThat(row.substring(0, row.indexOf("</tr>"))).contains("Locked").contains("menu-unlock");

            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            assertThat(browser.signIn("bob", Users.PASSWORD).statusCode()).isEqualTo(303);

            for (int i = 0; i < 3; i++) {
                server.client().signIn("bob", "wrong " + i);
            }
            assertThat(owner.post("/users/" + bob + "/unlock").statusCode()).isEqualTo(303);
            assertThat(server.client().signIn("bob", Users.PASSWORD).statusCode()).isEqualTo(303);
        }
    }

    @Test
    void ownership_goes_only_to_an_active_administrator_and_ends_both_sessions() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var alice = Users.create(server, owner, "alice", Role.ADMINISTRATOR);
            var mel = Users.create(server, owner, "mel", Role.MANAGER);
            var ownerId = Users.idOf(server, TestServer.OWNER);
            var asAlice = Users.signedIn(server, "alice");

            assertThat(owner.post("/users/" + mel + "/transfer").body()).contains("Ownership can only go to an active Administrator.");
            assertThat(owner.post("/users/" + ownerId + "/transfer").statusCode()).isEqualTo(422);
            assertThat(asAlice.post("/users/" + alice + "/transfer").statusCode()).isEqualTo(403);
            assertThat(owner.get("/users/" + alice + "/transfer").body()).contains("Transfer ownership to alice?");

            var done = owner.post("/users/" + alice + "/transfer");
            assertThat(done.statusCode()).isEqualTo(303);
            assertThat(done.headers().firstValue("Location")).contains("/login");
            assertThat(owner.get("/login").body()).contains("Ownership transferred to alice.");
            assertThat(Users.roleOf(server, alice)).isEqualTo("OWNER");
            assertThat(Users.roleOf(server, ownerId)).isEqualTo("ADMINISTRATOR");
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE role = 'OWNER'")).isEqualTo(1);
            assertThat(asAlice.get("/users").statusCode()).isEqualTo(303);
            assertThat(server.owner().get("/users").body()).contains("Administrator");
        }
    }

    @Test
    void managers_and_viewers_have_no_users_page() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var bob = Users.create(server, owner, "bob", Role.MANAGER);
            Users.create(server, owner, "vic", Role.VIEWER);
            for (var name : new String[] {"bob", "vic"}) {
                var client = Users.signedIn(server, name);
                assertThat(client.get("/users").statusCode()).isEqualTo(403);
                assertThat(client.get("/users").body()).contains("Forbidden");
                assertThat(client.post("/users/" + bob + "/disable").statusCode()).isEqualTo(403);
                var page = client.get(name.equals("bob") ? "/tokens" : "/");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("Sign out").doesNotContain("href=\"/users\"");
            }
            assertThat(owner.get("/tokens").body()).contains("href=\"/users\"");
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE disabled")).isZero();
        }
    }

    @Test
    void two_transfers_at_once_leave_exactly_one_owner_and_the_database_refuses_a_second() throws Exception {
        try (var server = TestServer.withOwner()) {
            var first = server.owner();
            var second = server.owner();
            var alice = Users.create(server, first, "alice", Role.ADMINISTRATOR);
            var ann = Users.create(server, first, "ann", Role.ADMINISTRATOR);
            first.csrf();
            second.csrf();
            var start = new java.util.concurrent.CountDownLatch(1);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var a = pool.submit(() -> {
                start.await();
                return first.post("/users/" + alice + "/transfer").statusCode();
            });
            var b = pool.submit(() -> {
                start.await();
                return second.post("/users/" + ann + "/transfer").statusCode();
            });
            start.countDown();
            var codes = java.util.List.of(a.get(), b.get());
            pool.shutdown();
            assertThat(codes).contains(303).doesNotContain(500);
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE role = 'OWNER'")).isEqualTo(1);

            var insert = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> server.jdbi().useHandle(h -> h.execute(
                    "UPDATE users SET role = 'OWNER' WHERE username = 'owner'")));
            assertThat(insert.getMessage()).containsIgnoringCase("USERS_ONE_OWNER");
        }
    }

    @Test
    void dialogs_for_changes_the_actor_may_not_make_are_refused_before_they_open() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var ann = Users.create(server, owner, "ann", Role.ADMINISTRATOR);
            Users.create(server, owner, "alice", Role.ADMINISTRATOR);
            var ownerId = Users.idOf(server, TestServer.OWNER);
            var admin = Users.signedIn(server, "alice");
            assertThat(admin.get("/users/" + ownerId + "/role").statusCode()).isEqualTo(403);
            assertThat(admin.get("/users/" + ann + "/delete").statusCode()).isEqualTo(403);
            assertThat(admin.get("/users/" + ann + "/transfer").statusCode()).isEqualTo(403);
            assertThat(owner.get("/users/" + ann + "/transfer").statusCode()).isEqualTo(200);
            assertThat(owner.get("/users/" + ownerId + "/delete").statusCode()).isEqualTo(403);
        }
    }

    private static String rowOf(String page, String resource) {
        var start = page.indexOf("data-resource=\"" + resource + "\"");
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
