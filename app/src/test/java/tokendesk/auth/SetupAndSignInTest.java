package tokendesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;

class SetupAndSignInTest {

    @Test
    void first_start_sends_every_page_to_setup_and_setup_works_once() {
        try (var server = TestServer.fresh()) {
            var browser = server.client();
            assertThat(browser.get("/tokens").headers().firstValue("Location")).contains("/setup");
            assertThat(browser.get("/login").headers().firstValue("Location")).contains("/setup");
            assertThat(browser.get("/setup").body()).contains("Create owner account");

            var created = browser.post("/setup", "username", "alice", "password", "a long enough secret",
                    "confirm", "a long enough secret");
            assertThat(created.statusCode()).isEqualTo(303);
            assertThat(browser.get("/tokens").body()).contains("API Tokens").contains("alice");
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE role = 'OWNER'")).isEqualTo(1);

            var other = server.client();
            assertThat(other.get("/setup").headers().firstValue("Location").orElseThrow()).startsWith("/login");
            var again = other.postRaw("/setup", "username", "mallory", "password", "another long secret",
                    "confirm", "another long secret", "_csrf", other.csrf());
            assertThat(again.statusCode()).isEqualTo(303);
            assertThat(server.count("SELECT COUNT(*) FROM users")).isEqualTo(1);
        }
    }

    @Test
    void setup_rejects_short_password_and_mismatch_with_field_errors() {
        try (var server = TestServer.fresh()) {
            var browser = server.client();
            browser.get("/setup");
            var response = browser.post("/setup", "username", "alice", "password", "short", "confirm", "other");
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).contains("at least 12 characters").contains("Passwords do not match");
            assertThat(server.count("SELECT COUNT(*) FROM users")).isZero();
        }
    }

    @Test
    void sign_in_gives_a_new_strict_http_only_session_and_sign_out_ends_it() {
        try (var server = TestServer.withOwner()) {
            var browser = server.client();
            var loginPage = browser.get("/login");
            var cookie = loginPage.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(browser.sessionCookie()).as("no session before sign-in").isNull();
            var before = browser.sessionCookie();

            var response = browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(browser.sessionCookie()).isNotEqualTo(before);
            assertThat(browser.get("/tokens").statusCode()).isEqualTo(200);

            assertThat(browser.post("/logout").statusCode()).isEqualTo(303);
            assertThat(browser.get("/tokens").headers().firstValue("Location").orElseThrow()).startsWith("/login");
        }
    }

    @Test
    void wrong_password_says_only_invalid_username_or_password() {
        try (var server = TestServer.withOwner()) {
            var browser = server.client();
            var wrongPassword = browser.signIn(TestServer.OWNER, "not the password at all");
            var unknownUser = browser.signIn("nobody", "not the password at all");
            assertThat(wrongPassword.statusCode()).isEqualTo(401);
            assertThat(wrongPassword.body()).contains("Invalid username or password");
            assertThat(unknownUser.body()).contains("Invalid username or password");
            assertThat(browser.get("/tokens").headers().firstValue("Location").orElseThrow()).startsWith("/login");
        }
    }

    @Test
    void too_many_failures_lock_out_unknown_browsers_even_with_the_right_password() {
        try (var server = TestServer.withOwner()) {
            var browser = server.client();
            for (int i = 0; i < 5; i++) {
                browser.signIn(TestServer.OWNER, "wrong password " + i);
            }
            var locked = browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);
            assertThat(locked.statusCode()).isEqualTo(401);
            assertThat(locked.body()).contains("Invalid username or password");
        }
    }

    @Test
    void an_address_with_too_many_failed_sign_ins_is_refused_whatever_the_username() {
        try (var server = TestServer.withOwner()) {
            var browser = server.client();
            for (int i = 0; i < 20; i++) {
                assertThat(browser.signIn("user" + i, "wrong password").statusCode()).isEqualTo(401);
            }
            var refused = browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("Too many failed sign-ins from your address");
        }
    }
}
