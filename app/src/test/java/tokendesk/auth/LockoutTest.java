package tokendesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/**
 * Issue 23 item 4: lockout by device cookies (OWASP), the same answer for a locked account, a wrong password and an
 * unknown name, and unlocking through the API. Three failures lock out here; each test uses its own user.
 */
class LockoutTest {
    private static final String OWNER_TOKEN = "tc-apiv1_" + "ab".repeat(32);
    private static final Pattern ERROR = Pattern.compile("id=\"login-error\"[^>]*>([^<]*)<");
    private static final MutableClock CLOCK = MutableClock.startingNow();
    private static TestServer server;
    private static WebClient owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD).withOwnerToken(OWNER_TOKEN)
                .withLoginLimits(3, 15).withTrustProxy(true), CLOCK);
        owner = server.owner();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetFailuresPerAddress() {
        // every client here is 127.0.0.1: the per-address limit (20 a minute) must not decide these tests
        CLOCK.advance(Duration.ofSeconds(61));
    }

    @Test
    void guessing_from_elsewhere_never_locks_out_a_browser_that_signed_in_before() {
        Users.create(server, owner, "alice", Role.MANAGER);
        var alicesBrowser = Users.signedIn(server, "alice");
        assertThat(alicesBrowser.post("/logout").statusCode()).isEqualTo(303);

        var attacker = server.client();
        for (int i = 0; i < 3; i++) {
            assertThat(attacker.signIn("alice", "guess " + i).statusCode()).isEqualTo(401);
        }
        assertThat(attacker.signIn("alice", Users.PASSWORD).statusCode()).as("an unknown device is locked out").isEqualTo(401);
        assertThat(server.client().signIn("alice", Users.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(alicesBrowser.signIn("alice", Users.PASSWORD).statusCode()).as("alice's own browser").isEqualTo(303);
        assertThat(alicesBrowser.get("/tokens").statusCode()).isEqualTo(200);
    }

    @Test
    void failures_with_a_device_cookie_lock_out_only_that_browser() {
        Users.create(server, owner, "bob", Role.VIEWER);
        var stolen = Users.signedIn(server, "bob");
        stolen.post("/logout");
        for (int i = 0; i < 3; i++) {
            assertThat(stolen.signIn("bob", "guess " + i).statusCode()).isEqualTo(401);
        }
        assertThat(stolen.signIn("bob", Users.PASSWORD).statusCode()).as("the cookie that failed").isEqualTo(401);
        assertThat(server.client().signIn("bob", Users.PASSWORD).statusCode()).as("any other browser").isEqualTo(303);

        // a device cookie of another user, or a forged one, makes a browser no more trusted than none
        var forged = server.client();
        var forgedCookie = "TOKENDESK_DEVICE_" + Users.idOf(server, "bob") + "=" + "0".repeat(96);
        var answer = forged.raw("POST", "/login", "application/x-www-form-urlencoded",
                "username=bob&password=x&_csrf=" + forged.csrf(), "Cookie", forgedCookie + "; TOKENDESK_FORM=" + forged.csrf());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(server.count("SELECT COUNT(*) FROM users WHERE username = 'bob' AND failed_logins = 1")).isEqualTo(1);
    }

    @Test
    void a_locked_account_a_wrong_password_and_an_unknown_name_answer_alike() {
        Users.create(server, owner, "carol", Role.VIEWER);
        var client = server.client();
        var wrongPassword = client.signIn("carol", "guess 0");
        client.signIn("carol", "guess 1");
        client.signIn("carol", "guess 2");
        var locked = client.signIn("carol", Users.PASSWORD);
        var unknownName = client.signIn("nobody-by-this-name", "guess 3");

        for (var answer : java.util.List.of(wrongPassword, locked, unknownName)) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(error(answer)).isEqualTo("Invalid username or password");
        }
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'sign-in' AND outcome = 'locked'"
                + " AND actor_name = 'carol' AND detail = 'account locked for unknown devices'")).as("the audit trail still tells").isEqualTo(1);
    }

    @Test
    void the_owner_gets_back_in_with_a_users_write_token_and_administrators_unlock_others() {
        var ownerId = Users.idOf(server, TestServer.OWNER);
        Users.create(server, owner, "erin", Role.ADMINISTRATOR);
        var frank = Users.create(server, owner, "frank", Role.MANAGER);
        var erin = Users.signedIn(server, "erin");
        for (int i = 0; i < 3; i++) {
            server.client().signIn(TestServer.OWNER, "guess " + i);
            server.client().signIn("frank", "guess " + i);
        }
        assertThat(server.client().signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(401);

        assertThat(erin.postJson("/api/users/" + ownerId + "/unlock", null).statusCode())
                .as("an Administrator cannot unlock the Owner").isEqualTo(403);
        var unlocked = Api.bearer(server, OWNER_TOKEN).post("/api/users/" + ownerId + "/unlock", null);
        assertThat(unlocked.statusCode()).isEqualTo(204);
        assertThat(server.client().signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user.unlocked'"
                + " AND actor_name LIKE 'owner via token %'")).isEqualTo(1);

        assertThat(erin.postJson("/api/users/" + frank + "/unlock", null).statusCode()).isEqualTo(204);
        assertThat(server.client().signIn("frank", Users.PASSWORD).statusCode()).isEqualTo(303);
        assertThat(Api.bearer(server, OWNER_TOKEN).post("/api/users/0123456789abcdef/unlock", null).statusCode()).isEqualTo(404);
        assertThat(Api.bearer(server, OWNER_TOKEN).post("/api/users/not-an-id/unlock", null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_flood_of_sign_ins_from_many_addresses_gets_401_or_429_and_the_owner_still_gets_in() throws Exception {
        Users.create(server, owner, "grace", Role.VIEWER);
        var form = server.client();
        var token = form.csrf();
        int flood = 60;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(flood);
        var answers = new ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
        try {
            for (int i = 0; i < flood; i++) {
                // a new client address each time (through the trusted proxy): no per-address limit applies
                var address = "198.51.100." + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return server.client().raw("POST", "/login", "application/x-www-form-urlencoded",
                            "username=grace&password=wrong&_csrf=" + token, "Cookie", "TOKENDESK_FORM=" + token,
                            "X-Forwarded-For", address);
                }));
            }
            start.countDown();
            int busy = 0;
            for (var answer : answers) {
                var response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.statusCode()).isIn(401, 429);
                if (response.statusCode() == 429) {
                    busy++;
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(error(response)).isEqualTo("Too many sign-ins at once; try again in a moment.");
                }
            }
            // how many are refused depends on the machine's speed (PasswordHasherTest checks the bound itself)
            assertThat(busy).isBetween(0, flood);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.client().signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(303);
    }

    private static String error(HttpResponse<String> answer) {
        var matcher = ERROR.matcher(answer.body());
        return matcher.find() ? matcher.group(1) : null;
    }
}
