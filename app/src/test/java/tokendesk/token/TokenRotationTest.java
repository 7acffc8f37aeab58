package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/** SPEC 9.1: rotation with a grace window, over HTTP on one shared server with a clock the test moves. */
class TokenRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static TestServer server;
    private static Api admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), CLOCK);
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

    /** A new token made through the API: {id, token}. */
    private static JsonNode token(String description, String extra) {
        var created = admin.post("/api/tokens", "{\"description\":\"" + description + "\",\"permissions\":[\"configs:read\"],"
                + "\"expiresAt\":\"" + CLOCK.instant().plus(Duration.ofDays(30)) + "\"" + extra + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    private static int works(String value) {
        return Api.bearer(server, value).get("/api/configs").statusCode();
    }

    private static JsonNode rotate(String id, String body) {
        var rotated = admin.post("/api/tokens/" + id + "/rotate", body);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
        return json(rotated);
    }

    @Test
    void both_values_work_during_the_window_only_the_new_one_after_and_a_late_old_value_is_audited() {
        var made = token("fleet-1", "");
        var id = made.get("id").asText();
        var v1 = made.get("token").asText();
        assertThat(works(v1)).as("used once: in the auth cache").isEqualTo(200);

        var rotated = rotate(id, "{\"graceMinutes\":60}");
        var v2 = rotated.get("token").asText();
        assertThat(v2).matches("tc-apiv1_[0-9a-f]{64}").isNotEqualTo(v1);
        assertThat(rotated.get("id").asText()).isEqualTo(id);
        assertThat(rotated.get("description").asText()).isEqualTo("fleet-1");
        assertThat(rotated.get("previousValidUntil").asText()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(60)).toString());
        assertThat(rotated.get("expiresAt").asText()).as("the old lifetime again, from now")
                .isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)).toString());
        assertThat(works(v1)).isEqualTo(200);
        assertThat(works(v2)).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE previous_digest = '" + TokenValues.digest(v1) + "'"))
                .as("the previous value is kept as its digest").isEqualTo(1);
        var stored = server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tokens").mapToMap().list().toString());
        assertThat(stored).doesNotContain(v1).doesNotContain(v2);

        CLOCK.advance(Duration.ofMinutes(61));
        assertThat(works(v1)).as("after the window").isEqualTo(401);
        assertThat(works(v1)).isEqualTo(401);
        assertThat(works(v2)).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE previous_digest IS NOT NULL AND id = '" + id + "'"))
                .as("not kept after its window").isZero();
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.rotated-out-used'"
                + " AND source_ip = '127.0.0.1' AND detail = 'from 127.0.0.1 (tokendesk-test/1.0)'"
                + " AND target_ids LIKE '%" + id + "%'"))
                .as("with the address and agent, at most once a minute a token").isEqualTo(1);
        assertThat(server.owner().get("/tokens/" + id + "?tab=activity").body()).contains("Rotated-out value used");
        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(works(v1)).isEqualTo(401);
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.rotated-out-used'"
                + " AND target_ids LIKE '%" + id + "%'")).isEqualTo(2);
        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.rotated'"
                + " AND target_ids LIKE '%" + id + "%'")).isEqualTo(1);
    }

    @Test
    void a_third_value_ends_the_oldest_window_at_once_and_no_overlap_ends_it_at_once() {
        var made = token("fleet-2", "");
        var id = made.get("id").asText();
        var v1 = made.get("token").asText();
        var v2 = rotate(id, "{\"graceMinutes\":60}").get("token").asText();
        var v3 = rotate(id, "{\"graceMinutes\":60}").get("token").asText();
        assertThat(works(v1)).as("the oldest window ended").isEqualTo(401);
        assertThat(works(v2)).isEqualTo(200);
        assertThat(works(v3)).isEqualTo(200);
        var v4 = rotate(id, "{\"graceMinutes\":0}").get("token").asText();
        assertThat(works(v3)).as("no overlap").isEqualTo(401);
        assertThat(works(v2)).isEqualTo(401);
        assertThat(works(v4)).isEqualTo(200);
        assertThat(json(admin.get("/api/tokens/" + id)).get("previousValidUntil").isNull()).isTrue();
    }

    @Test
    void suspended_and_revoked_tokens_cannot_be_rotated_and_an_expired_one_becomes_active_again() {
        var suspended = token("fleet-3", "").get("id").asText();
        admin.post("/api/tokens/" + suspended + "/suspend", "");
        assertError(admin.post("/api/tokens/" + suspended + "/rotate", ""), 409, "token_not_active", "suspended");
        admin.post("/api/tokens/" + suspended + "/revoke", "");
        assertError(admin.post("/api/tokens/" + suspended + "/rotate", ""), 409, "token_not_active", "revoked");

        var expiring = admin.post("/api/tokens", "{\"description\":\"fleet-4\",\"permissions\":[\"configs:read\"],"
                + "\"expiresAt\":\"" + CLOCK.instant().plus(Duration.ofHours(1)) + "\"}");
        var id = json(expiring).get("id").asText();
        CLOCK.advance(Duration.ofHours(2));
        assertThat(json(admin.get("/api/tokens/" + id)).get("status").asText()).isEqualTo("expired");
        var rotated = rotate(id, "{\"graceMinutes\":0,\"expiresAt\":\"" + CLOCK.instant().plus(Duration.ofDays(7)) + "\"}");
        assertThat(rotated.get("status").asText()).isEqualTo("active");
        assertThat(works(rotated.get("token").asText())).isEqualTo(200);
    }

    @Test
    void self_rotation_only_when_allowed_and_never_beyond_the_rotating_token() {
        var plain = token("agent-plain", "");
        assertError(Api.bearer(server, plain.get("token").asText()).post("/api/tokens/self/rotate", ""), 403,
                "self_rotation_not_allowed", "Allow this token to rotate itself");
        var own = token("agent-self", ",\"selfRotate\":true");
        assertThat(own.get("selfRotate").asBoolean()).isTrue();
        var expiry = own.get("expiresAt").asText();
        var self = Api.bearer(server, own.get("token").asText());
        var rotated = self.post("/api/tokens/self/rotate", "{\"graceMinutes\":5}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        assertThat(json(rotated).get("id").asText()).isEqualTo(own.get("id").asText());
        assertThat(json(rotated).get("expiresAt").asText()).as("no later than the token that rotated it").isEqualTo(expiry);
        assertThat(works(json(rotated).get("token").asText())).isEqualTo(200);
        assertError(self.post("/api/tokens/self/rotate", "{\"expiresAt\":\"2999-01-01T00:00:00Z\"}"), 400, "invalid",
                "must expire by then");
        assertError(server.owner().postJson("/api/tokens/self/rotate", "{}"), 400, "invalid", "the token itself");
    }

    @Test
    void a_token_rotated_by_a_token_never_expires_later_than_that_token() {
        var rotator = json(admin.post("/api/tokens", "{\"description\":\"rotator\",\"permissions\":[\"tokens:write\"],"
                + "\"expiresAt\":\"" + CLOCK.instant().plus(Duration.ofDays(7)) + "\"}"));
        var withRotator = Api.bearer(server, rotator.get("token").asText());
        var forever = json(admin.post("/api/tokens", "{\"description\":\"forever\",\"permissions\":[\"configs:read\"]}"));
        var rotated = withRotator.post("/api/tokens/" + forever.get("id").asText() + "/rotate", "");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        assertThat(json(rotated).get("expiresAt").asText()).isEqualTo(rotator.get("expiresAt").asText());
        var never = withRotator.post("/api/tokens/" + forever.get("id").asText() + "/rotate", "{\"expiresAt\":null}");
        assertThat(json(never).get("expiresAt").asText()).as("asked never: the rotator's expiry")
                .isEqualTo(rotator.get("expiresAt").asText());
        assertError(withRotator.post("/api/tokens/" + forever.get("id").asText() + "/rotate", "{\"expiresAt\":\""
                + CLOCK.instant().plus(Duration.ofDays(8)) + "\"}"), 400, "invalid", "must expire by then");
    }

    @Test
    void the_rotate_dialog_reveals_the_new_value_once_and_the_pages_show_the_window() {
        var owner = server.owner();
        var made = Tokens.create(server, owner, "page-fleet", "telegraf");
        var dialog = owner.get("/tokens/" + made.id() + "/rotate", "HX-Request", "true").body();
        assertThat(dialog).contains("Rotate token \u201cpage-fleet\u201d?").contains(">No overlap<").contains(">1 hour<")
                .contains(">1 day<").contains(">7 days<").contains(">Same lifetime again<").contains(">No expiration<");
        var bad = owner.htmxPost("/tokens/" + made.id() + "/rotate", "overlap", "5", "expiration", "same");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("Choose an overlap.");

        var rotated = owner.htmxPost("/tokens/" + made.id() + "/rotate", "overlap", "60", "expiration", "7d");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
        var value = java.util.regex.Pattern.compile("id=\"rotated-value\"[^>]*value=\"(tc-apiv1_[0-9a-f]{64})\"")
                .matcher(rotated.body());
        assertThat(value.find()).as(rotated.body()).isTrue();
        assertThat(rotated.body()).contains(">Copy<").contains(">Done<").contains("will not be shown again");
        assertThat(works(value.group(1))).isEqualTo(200);
        assertThat(works(made.value())).as("the previous value, in its window").isEqualTo(200);

        assertThat(owner.get("/tokens?q=page-fleet").body()).contains("badge-rotating").contains(">Rotating<");
        var overview = owner.get("/tokens/" + made.id()).body();
        assertThat(overview).contains("Previous value valid until").contains("id=\"fact-previous-used\"");
        assertThat(owner.get("/tokens/" + made.id()).body()).doesNotContain(value.group(1));
    }

    @Test
    void bad_bodies_wrong_roles_and_other_owners_tokens_are_refused_with_a_reason() {
        var id = token("fleet-5", "").get("id").asText();
        assertError(admin.post("/api/tokens/" + id + "/rotate", "{\"graceMinutes\":-1}"), 400, "invalid", "graceMinutes");
        assertError(admin.post("/api/tokens/" + id + "/rotate", "{\"graceMinutes\":10081}"), 400, "invalid", "10080");
        assertError(admin.post("/api/tokens/" + id + "/rotate", "{\"graceMinutes\":\"x\"}"), 400, "invalid", "whole number");
        assertError(admin.post("/api/tokens/" + id + "/rotate", "{\"expiresAt\":\"soon\"}"), 400, "invalid", "ISO-8601");
        assertError(admin.post("/api/tokens/" + id + "/rotate", "{\"expiresAt\":\"2001-01-01T00:00:00Z\"}"), 400, "invalid",
                "future");
        assertError(admin.post("/api/tokens/" + id + "/rotate", "{\"rawToken\":\"tc-apiv1_nope\"}"), 400, "invalid",
                "64 lowercase hex");
        assertError(admin.post("/api/tokens/" + id + "/rotate", "[1]"), 400, "invalid", "JSON object");
        assertError(admin.post("/api/tokens/0123456789abcdef/rotate", ""), 404, "not_found", "0123456789abcdef");
        var preshared = "tc-apiv1_" + "cd".repeat(32);
        assertThat(rotate(id, "{\"rawToken\":\"" + preshared + "\"}").get("token").asText()).isEqualTo(preshared);
        var other = token("fleet-6", "").get("id").asText();
        assertError(admin.post("/api/tokens/" + other + "/rotate", "{\"rawToken\":\"" + preshared + "\"}"), 409,
                "token_value_conflict", "already in use");

        Users.create(server, server.owner(), "mia", Role.MANAGER);
        var mia = Api.bearer(server, Tokens.create(server, Users.signedIn(server, "mia"), "mias", "full").value());
        assertError(mia.post("/api/tokens/" + id + "/rotate", ""), 404, "not_found", id);
        var reader = Api.bearer(server, Tokens.create(server, server.owner(), "reader", "read").value());
        assertError(reader.post("/api/tokens/" + id + "/rotate", ""), 403, "forbidden", "tokens:write");
    }
}
