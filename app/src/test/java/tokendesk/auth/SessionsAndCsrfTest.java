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
            assertThat(page.headers().firstValue("Location")).contains("/login");
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
            assertThat(browser.get("/tokens").headers().firstValue("Location")).contains("/login");
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
