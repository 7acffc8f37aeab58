package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/** SPEC §10.3: the longest a token may live, the "unused" filter, and the revoke of unused tokens. */
class TokenPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER_TOKEN = "tc-apiv1_" + "cd".repeat(32);

    @Test
    void aMaximumLifetimeRefusesLongerOrNoExpiryAndTheDialogOffersOnlyWhatFits() throws Exception {
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withOwnerToken(OWNER_TOKEN).withTokenPolicy(new TokenPolicy(30, null)))) {
            var api = Api.bearer(server, OWNER_TOKEN);
            var never = api.post("/api/tokens", "{\"description\":\"forever\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":null}");
            assertThat(never.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(never.body()).get("message").asText())
                    .contains("Tokens on this server must expire within 30 days (by ");
            var later = Instant.now().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS);
            assertThat(api.post("/api/tokens", "{\"description\":\"long\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":\"" + later + "\"}").statusCode()).isEqualTo(400);
            var sooner = Instant.now().plus(Duration.ofDays(29)).truncatedTo(ChronoUnit.SECONDS);
            var shortLived = api.post("/api/tokens", "{\"description\":\"short\",\"permissions\":[\"configs:read\"],"
                    + "\"expiresAt\":\"" + sooner + "\"}");
            assertThat(shortLived.statusCode()).isEqualTo(201);
            var rotate = "/api/tokens/" + JSON.readTree(shortLived.body()).get("id").asText() + "/rotate";
            var forever = api.post(rotate, "{\"graceMinutes\":0,\"expiresAt\":null}");
            assertThat(forever.statusCode()).as("a rotated value is held to the limit too").isEqualTo(400);
            assertThat(JSON.readTree(forever.body()).get("message").asText()).contains("within 30 days");
            assertThat(api.post(rotate, "{\"graceMinutes\":0}").statusCode()).as("its lifetime again: 29 days")
                    .isEqualTo(201);
            assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE source = 'BOOTSTRAP' AND expires_at IS NULL"))
                    .as("the bootstrap token is exempt").isEqualTo(1);

            var dialog = server.owner().get("/tokens/new").body();
            assertThat(dialog).contains(">7 days<").contains(">30 days<").contains(">Custom<")
                    .doesNotContain(">No expiration<").doesNotContain(">60 days<").doesNotContain(">1 year<");
            assertThat(dialog).containsPattern("<option value=\"30d\"\\s+selected");
            var rotateDialog = server.owner().get("/tokens/" + JSON.readTree(shortLived.body()).get("id").asText()
                    + "/rotate").body();
            assertThat(rotateDialog).as("the rotate dialog too").contains(">30 days<")
                    .doesNotContain(">No expiration<").doesNotContain(">1 year<");
        }
    }

    @Test
    void unusedTokensAreListedAndRevokedByTheServerWithTheirReasonInOneEvent() throws Exception {
        var database = TestDatabase.fresh();
        try {
            Tokens.Created stale;
            Tokens.Created usedLately;
            try (var first = TestServer.sharing(database, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                    .withOwnerToken(OWNER_TOKEN))) {
                var owner = first.owner();
                stale = Tokens.create(first, owner, "stale-agent", "full", "never");
                usedLately = Tokens.create(first, owner, "busy-agent", "full", "never");
                Tokens.create(first, owner, "new-agent", "full", "never");
                var expired = Tokens.create(first, owner, "expired-agent", "full", "never");
                var old = Instant.now().minus(Duration.ofDays(40));
                first.jdbi().useHandle(h -> {
                    h.execute("UPDATE tokens SET created_at = ? WHERE description <> 'new-agent'", old);
                    h.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?", Instant.now().minus(Duration.ofDays(1)),
                            usedLately.id());
                    h.execute("UPDATE tokens SET expires_at = ? WHERE id = ?", old.plus(Duration.ofDays(1)), expired.id());
                });
                var listed = JSON.readTree(Api.bearer(first, OWNER_TOKEN).get("/api/tokens?unused=30").body());
                assertThat(listed.get("total").asInt()).as("stale, expired and bootstrap").isEqualTo(3);
                assertThat(Api.bearer(first, OWNER_TOKEN).get("/api/tokens?unused=soon").statusCode()).isEqualTo(400);
                assertThat(owner.get("/tokens?unused=90").statusCode()).isEqualTo(200);
            }
            try (var second = TestServer.sharing(database, c -> c.withTokenPolicy(new TokenPolicy(null, 30)))) {
                var api = Api.bearer(second, OWNER_TOKEN);
                var token = JSON.readTree(api.get("/api/tokens/" + stale.id()).body());
                assertThat(token.get("status").asText()).isEqualTo("revoked");
                assertThat(token.get("revokedReason").asText()).isEqualTo("Unused for 30 days");
                assertThat(second.count("SELECT COUNT(*) FROM token_revocations")).as("only the stale one").isEqualTo(1);
                assertThat(second.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.revoked'"
                        + " AND actor_name IS NULL AND detail = 'Unused for 30 days' AND target_ids = '" + stale.id() + "'"))
                        .isEqualTo(1);
                assertThat(second.owner().get("/tokens/" + stale.id()).body()).contains("by (system) — Unused for 30 days");
                assertThat(Api.bearer(second, stale.value()).get("/api/tokens").statusCode()).isEqualTo(401);
                assertThat(Api.bearer(second, usedLately.value()).get("/api/tokens").statusCode()).isEqualTo(200);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }
}
