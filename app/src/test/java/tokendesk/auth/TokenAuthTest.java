package tokendesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

class TokenAuthTest {
    private static final String UNAUTHORIZED = "{\"code\":\"unauthorized\",\"message\":\"Missing or invalid API token.\"}";

    @Test
    void bearer_and_token_schemes_are_both_accepted() {
        try (var server = TestServer.withOwner()) {
            var token = Tokens.create(server, server.owner(), "ci", "full");
            for (var header : new String[] {"Bearer " + token.value(), "Token " + token.value(), "bearer " + token.value(),
                    "Bearer \t  " + token.value() + "  ", "  TOKEN " + token.value()}) {
                var response = Api.withHeader(server, header).get("/api/tokens");
                assertThat(response.statusCode()).as(header.substring(0, 6)).isEqualTo(200);
                assertThat(response.body()).contains("\"description\":\"ci\"").doesNotContain(token.value());
            }
            for (var header : new String[] {"Bearer" + token.value(), "Bearers " + token.value(), "Basic " + token.value()}) {
                assertThat(Api.withHeader(server, header).get("/api/tokens").statusCode()).as(header.substring(0, 7)).isEqualTo(401);
            }
        }
    }

    @Test
    void every_kind_of_bad_token_gets_the_same_401() {
        var clock = MutableClock.startingNow();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var owner = server.owner();
            var revoked = Tokens.create(server, owner, "revoked", "full");
            owner.post("/tokens/" + revoked.id() + "/revoke");
            var deleted = Tokens.create(server, owner, "deleted", "full");
            owner.post("/tokens/" + deleted.id() + "/delete");
            owner.post("/tokens", "description", "expiring", "expiration", "7d", "preset", "full");
            Users.create(server, owner, "alice", Role.ADMINISTRATOR);
            var alices = Tokens.create(server, Users.signedIn(server, "alice"), "alices", "full");
            owner.post("/users/" + Users.idOf(server, "alice") + "/disable");
            var expiring = Tokens.create(server, owner, "expiring-2", "full");
            clock.advance(Duration.ofDays(31));

            var headers = new String[] {
                null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-a-token",
                "Bearer tc-apiv1_" + "0".repeat(64), "Bearer " + revoked.value(), "Bearer " + deleted.value(),
                "Bearer " + expiring.value(), "Token " + alices.value(),
            };
            for (var header : headers) {
                var response = Api.withHeader(server, header).get("/api/tokens");
                assertThat(response.statusCode()).as(String.valueOf(header)).isEqualTo(401);
                assertThat(response.body()).as(String.valueOf(header)).isEqualTo(UNAUTHORIZED);
            }
        }
    }

    @Test
    void a_valid_token_without_the_permission_gets_403_naming_it() {
        try (var server = TestServer.withOwner()) {
            var readOnly = Tokens.create(server, server.owner(), "reader", "read");
            var api = Api.bearer(server, readOnly.value());
            assertThat(api.get("/api/tokens").statusCode()).isEqualTo(200);
            var response = api.post("/api/tokens", "{\"description\":\"x\",\"permissions\":[\"configs:read\"]}");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo("{\"code\":\"forbidden\",\"message\":\"token lacks tokens:write\"}");
            assertThat(api.get("/users").statusCode()).isEqualTo(403);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
        }
    }

    @Test
    void revoking_or_deleting_takes_effect_on_the_very_next_request() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var first = Tokens.create(server, owner, "first", "full");
            var second = Tokens.create(server, owner, "second", "full");
            assertThat(Api.bearer(server, first.value()).get("/api/tokens").statusCode()).isEqualTo(200);
            owner.post("/tokens/" + first.id() + "/revoke");
            assertThat(Api.bearer(server, first.value()).get("/api/tokens").statusCode()).isEqualTo(401);

            assertThat(Api.bearer(server, second.value()).get("/api/tokens").statusCode()).isEqualTo(200);
            owner.post("/tokens/" + second.id() + "/delete");
            assertThat(Api.bearer(server, second.value()).get("/api/tokens").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void a_lowered_role_narrows_the_owners_tokens_on_the_next_request() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var alice = Users.create(server, owner, "alice", Role.ADMINISTRATOR);
            var token = Tokens.create(server, Users.signedIn(server, "alice"), "alice-full", "full");
            var api = Api.bearer(server, token.value());
            assertThat(api.get("/api/tokens").statusCode()).isEqualTo(200);

            owner.post("/users/" + alice + "/role", "role", "VIEWER");
            var response = api.get("/api/tokens");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("token lacks tokens:read");
        }
    }

    @Test
    void use_is_recorded_with_time_address_and_agent_and_the_activity_tab_shows_it() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "agent", "full");
            var before = Instant.now().minusSeconds(1);
            for (int i = 0; i < 50; i++) {
                assertThat(Api.bearer(server, token.value()).get("/api/tokens").statusCode()).isEqualTo(200);
            }
            waitFor(() -> server.count("SELECT COUNT(*) FROM tokens WHERE last_used_at IS NOT NULL") == 1);
            var row = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT last_used_from || ' ' || last_used_agent FROM tokens").mapTo(String.class).one());
            assertThat(row).isEqualTo("127.0.0.1 tokendesk-test/1.0");
            assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE kind = 'first used'")).isEqualTo(1);
            var lastUsed = server.jdbi().withHandle(h -> h.createQuery("SELECT last_used_at FROM tokens")
                    .mapTo(Instant.class).one());
            assertThat(lastUsed).isAfter(before);

            var activity = owner.get("/tokens/" + token.id() + "?tab=activity").body();
            assertThat(activity).contains("data-kind=\"first used\"").contains("from 127.0.0.1 (tokendesk-test/1.0)");
        }
    }

    @Test
    void browser_sessions_call_the_api_with_csrf_and_are_refused_without_it() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var body = "{\"description\":\"from-session\",\"permissions\":\"configs:read,heartbeat:write\"}";
            var refused = owner.json("POST", "/api/tokens", body, false);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("CSRF");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();

            var created = owner.json("POST", "/api/tokens", body, true);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(owner.json("GET", "/api/tokens", null, false).body()).contains("from-session");
        }
    }

    @Test
    void an_address_that_keeps_guessing_is_refused_for_a_minute_but_valid_tokens_still_work() {
        var clock = MutableClock.startingNow();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var good = Tokens.create(server, server.owner(), "good", "full");
            for (int i = 0; i < 50; i++) {
                assertThat(Api.bearer(server, "tc-apiv1_" + "%064x".formatted(i)).get("/api/tokens").statusCode()).isEqualTo(401);
            }
            var refused = Api.bearer(server, "tc-apiv1_" + "%064x".formatted(999)).get("/api/tokens");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("60");
            assertThat(refused.body()).contains("\"code\":\"too_many_requests\"").contains("try again in a minute");
            assertThat(Api.bearer(server, good.value()).get("/api/tokens").statusCode()).as("a valid token gets through")
                    .isEqualTo(200);
            assertThat(server.owner().get("/tokens").statusCode()).as("browser sessions are not affected").isEqualTo(200);

            clock.advance(Duration.ofSeconds(61));
            assertThat(Api.bearer(server, "tc-apiv1_" + "%064x".formatted(999)).get("/api/tokens").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void x_forwarded_for_names_the_client_only_when_trust_proxy_is_set() {
        for (var trust : new boolean[] {false, true}) {
            try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD).withTrustProxy(trust))) {
                var token = Tokens.create(server, server.owner(), "behind-proxy", "full");
                var response = send(server, token.value(), "203.0.113.9, 198.51.100.7");
                assertThat(response.statusCode()).isEqualTo(200);
                waitFor(() -> server.count("SELECT COUNT(*) FROM tokens WHERE last_used_from IS NOT NULL") == 1);
                var from = server.jdbi().withHandle(h -> h.createQuery("SELECT last_used_from FROM tokens").mapTo(String.class).one());
                assertThat(from).as("TRUST_PROXY=" + trust).isEqualTo(trust ? "198.51.100.7" : "127.0.0.1");

                // guessing from one forwarded address does not block another behind the same proxy
                for (int i = 0; i < 50; i++) {
                    send(server, "tc-apiv1_" + "%064x".formatted(i), "203.0.113.66");
                }
                var other = send(server, "tc-apiv1_" + "%064x".formatted(999), "203.0.113.77");
                assertThat(other.statusCode()).as("TRUST_PROXY=" + trust).isEqualTo(trust ? 401 : 429);
            }
        }
    }

    private static java.net.http.HttpResponse<String> send(TestServer server, String token, String forwardedFor) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl() + "/api/tokens/capabilities"))
                    .header("Authorization", "Bearer " + token).header("X-Forwarded-For", forwardedFor).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void other_authorization_schemes_are_not_api_tokens() {
        try (var server = TestServer.withOwner()) {
            var basic = Api.withHeader(server, "Basic b3duZXI6eA==");
            assertThat(basic.get("/tokens").statusCode()).as("a page asks for sign-in").isEqualTo(303);
            assertThat(basic.get("/api/tokens").body()).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void a_token_only_grants_what_it_has_itself() {
        try (var server = TestServer.withOwner()) {
            var admin = Api.bearer(server, Tokens.create(server, server.owner(), "full", "full").value());
            var narrow = admin.post("/api/tokens", "{\"description\":\"minter\",\"permissions\":\"tokens:write\"}");
            var minter = Api.bearer(server, narrow.body().replaceAll(".*\"token\":\"(tc-apiv1_[0-9a-f]{64})\".*", "$1"));
            var escalated = minter.post("/api/tokens", "{\"description\":\"escalated\",\"permissions\":\"users:write\"}");
            assertThat(escalated.statusCode()).isEqualTo(400);
            assertThat(escalated.body()).contains("This API token cannot grant users:write");
            assertThat(minter.post("/api/tokens", "{\"description\":\"same\",\"permissions\":\"tokens:read\"}").statusCode())
                    .isEqualTo(201);
            assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE description = 'escalated'")).isZero();
        }
    }

    /** Polls a condition that background work makes true (token use is written every couple of seconds). */
    static void waitFor(Supplier<Boolean> condition) {
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
