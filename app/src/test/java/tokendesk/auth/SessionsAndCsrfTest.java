package tokendesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tokendesk.App;
import tokendesk.Config;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;

/**
 * Session and CSRF rules of SPEC §8 beyond what {@link SetupAndSignInTest} covers: fixation, idle expiry, sign-out
 * on the server, replayed cookies and cross-site posts.
 */
class SessionsAndCsrfTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String CREATE = "description=cross-site&expiration=30d&preset=full";

    @Test
    void a_session_id_planted_before_sign_in_is_not_adopted_and_the_sign_in_forms_token_is_no_session_token() {
        try (var server = TestServer.withOwner()) {
            var victim = server.client();
            var formToken = victim.csrf();
            // no session before sign-in, so an attacker can only plant an id the server never issued
            assertThat(victim.sessionCookie()).isNull();
            var planted = "node0planted0000000000000";
            var signedIn = victim.raw("POST", "/login", FORM, "username=" + TestServer.OWNER + "&password="
                    + TestServer.OWNER_PASSWORD.replace(' ', '+') + "&_csrf=" + formToken,
                    "Cookie", App.SESSION_COOKIE + "=" + planted + "; " + tokendesk.web.SignInCsrf.COOKIE + "=" + formToken);
            assertThat(signedIn.statusCode()).isEqualTo(303);
            var issued = signedIn.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(App.SESSION_COOKIE + "=")).findFirst().orElseThrow();
            assertThat(issued).doesNotContain(planted);

            // the attacker who planted the id still holds it: it is not the signed-in session
            var tokens = withCookie(server, planted, "GET", "/tokens", null, null);
            assertThat(tokens.statusCode()).isEqualTo(303);
            assertThat(tokens.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
            assertThat(withCookie(server, planted, "GET", "/api/tokens", null, null, "Accept", "application/json")
                    .statusCode()).isEqualTo(401);
            // and the sign-in form's token is no CSRF token of the signed-in session
            var stale = victim.raw("POST", "/tokens", FORM, CREATE + "&_csrf=" + formToken);
            assertThat(stale.statusCode()).isEqualTo(403);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
    }

    @Test
    void a_session_ends_after_session_idle_minutes_without_requests_on_the_applications_clock() {
        var clock = MutableClock.startingNow();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withSessionIdleMinutes(15), clock)) {
            var browser = server.owner();
            // activity keeps it alive: each request restarts the idle time
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofMinutes(14));
                assertThat(browser.get("/tokens").statusCode()).as("after 14 idle minutes").isEqualTo(200);
            }
            var json = server.client();
            json.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);

            clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            var page = browser.get("/tokens");
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/login");
            var api = json.getJson("/api/tokens");
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.body()).contains("\"code\":\"unauthorized\"");
            // ended for good, not only refused once
            assertThat(browser.get("/tokens").statusCode()).isEqualTo(303);
            assertThat(browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(303);
            assertThat(browser.get("/tokens").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_default_idle_timeout_is_sixty_minutes() {
        var clock = MutableClock.startingNow();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var browser = server.owner();
            clock.advance(Duration.ofMinutes(59));
            assertThat(browser.get("/tokens").statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(61));
            assertThat(browser.get("/tokens").headers().firstValue("Location").orElseThrow()).startsWith("/login");
        }
    }

    @Test
    void sign_out_ends_the_session_on_the_server_so_a_replayed_cookie_is_refused() {
        try (var server = TestServer.withOwner()) {
            var browser = server.owner();
            var cookie = browser.sessionCookie();
            var csrf = browser.csrf();
            assertThat(browser.post("/logout").statusCode()).isEqualTo(303);

            var page = withCookie(server, cookie, "GET", "/tokens", null, null);
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/login");
            var api = withCookie(server, cookie, "GET", "/api/tokens", null, null, "Accept", "application/json");
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.body()).contains("\"code\":\"unauthorized\"");
            var post = withCookie(server, cookie, "POST", "/tokens", FORM, CREATE + "&_csrf=" + csrf);
            assertThat(post.statusCode()).isIn(303, 403);
            var json = withCookie(server, cookie, "POST", "/api/tokens", "application/json",
                    "{\"description\":\"replayed\",\"permissions\":[\"configs:read\"]}", "X-CSRF-Token", csrf);
            assertThat(json.statusCode()).isIn(401, 403);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
    }

    @Test
    void cross_site_posts_without_this_sessions_csrf_token_are_refused_and_change_nothing() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var other = server.owner();
            var othersToken = other.csrf();
            assertThat(othersToken).isNotEqualTo(owner.csrf());
            var evil = new String[] {"Origin", "https://evil.example", "Referer", "https://evil.example/form"};

            Map<String, HttpResponse<String>> refused = new java.util.LinkedHashMap<>();
            refused.put("no token", owner.raw("POST", "/tokens", FORM, CREATE, evil));
            refused.put("empty token", owner.raw("POST", "/tokens", FORM, CREATE + "&_csrf=", evil));
            refused.put("wrong token", owner.raw("POST", "/tokens", FORM, CREATE + "&_csrf=" + "0".repeat(64), evil));
            refused.put("another session's token", owner.raw("POST", "/tokens", FORM, CREATE + "&_csrf=" + othersToken, evil));
            refused.put("wrong header beats right field", owner.raw("POST", "/tokens", FORM,
                    CREATE + "&_csrf=" + owner.csrf(), "X-CSRF-Token", othersToken));
            refused.put("htmx without header", owner.raw("POST", "/tokens", FORM, CREATE, "HX-Request", "true"));
            refused.put("JSON without header", owner.json("POST", "/api/tokens",
                    "{\"description\":\"cross-site\",\"permissions\":[\"configs:read\"]}", false));
            refused.put("text/plain JSON", owner.raw("POST", "/api/tokens", "text/plain",
                    "{\"description\":\"cross-site\",\"permissions\":[\"configs:read\"]}", evil));
            refused.put("user create", owner.raw("POST", "/users", FORM, "username=mallory&role=ADMINISTRATOR"
                    + "&password=a+long+enough+password", evil));
            refused.put("config create", owner.raw("POST", "/configs", FORM, "name=x&toml=y", evil));
            refused.put("sign-out", owner.raw("POST", "/logout", FORM, "", evil));

            refused.forEach((what, answer) -> {
                assertThat(answer.statusCode()).as(what).isEqualTo(403);
                assertThat(answer.body()).as(what).contains("CSRF token");
            });
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
            assertThat(server.count("SELECT COUNT(*) FROM users")).isEqualTo(1);
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isZero();
            // still signed in (the forged sign-out did nothing), and the same post with the token works
            assertThat(owner.get("/tokens").statusCode()).isEqualTo(200);
            assertThat(owner.post("/tokens", "description", "cross-site", "expiration", "30d", "preset", "full")
                    .statusCode()).isEqualTo(200);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
        }
    }

    @Test
    void the_session_and_form_cookies_are_secure_when_secure_cookies_is_set() {
        try (var server = TestServer.start(c -> Config.fromEnv(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "SECURE_COOKIES", "true")).withDatabase(c.database()))) {
            var setupPage = server.client().get("/setup");
            var formCookie = setupPage.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(formCookie).startsWith(tokendesk.web.SignInCsrf.COOKIE + "=").contains("Secure").contains("HttpOnly")
                    .contains("SameSite=Strict");
            // a Secure cookie is not sent back over plain HTTP by a cookie store, so the test sends it by hand
            var token = formCookie.substring(formCookie.indexOf('=') + 1, formCookie.indexOf(';'));
            var created = server.client().raw("POST", "/setup", FORM, "username=alice&password=a+long+enough+secret"
                    + "&confirm=a+long+enough+secret&_csrf=" + token, "Cookie", tokendesk.web.SignInCsrf.COOKIE + "=" + token);
            assertThat(created.statusCode()).isEqualTo(303);
            var cookie = created.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(App.SESSION_COOKIE + "=")).findFirst().orElseThrow();
            assertThat(cookie).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
        }
    }

    /** A request that carries {@code session} as its session cookie, as a replaying attacker would send it. */
    private static HttpResponse<String> withCookie(TestServer server, String session, String method, String path,
            String contentType, String body, String... headers) {
        var all = new java.util.ArrayList<>(java.util.List.of("Cookie", App.SESSION_COOKIE + "=" + session));
        all.addAll(java.util.List.of(headers));
        // a new client each time, so no cookie the server sets on the way is sent along
        return server.client().raw(method, path, contentType, body, all.toArray(new String[0]));
    }
}
