package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;

class TokenCreateTest {
    private static final Pattern REVEALED = Pattern.compile("id=\"token-value\"[^>]*value=\"(tc-apiv1_[0-9a-f]{64})\"");

    @Test
    void create_reveals_the_value_once_with_no_store_and_keeps_only_digest_and_hint() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var response = owner.htmxPost("/tokens", "description", "  ci deploy  ", "expiration", "never", "preset", "full");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.headers().firstValue("HX-Trigger")).contains("tokens-changed");
            var matcher = REVEALED.matcher(response.body());
            assertThat(matcher.find()).isTrue();
            var value = matcher.group(1);
            assertThat(response.body()).contains("will not be shown again");

            var row = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT id, description, digest, hint, permissions, expires_at, source FROM tokens").mapToMap().one());
            assertThat(row.get("id").toString()).matches("[0-9a-f]{16}");
            assertThat(row.get("description")).isEqualTo("ci deploy");
            assertThat(row.get("digest")).isEqualTo(TokenValues.digest(value));
            assertThat(row.get("hint")).isEqualTo(value.substring(value.length() - 4));
            assertThat(row.get("permissions")).isEqualTo(
                    "agents:write,configs:write,labels:write,reporting_rules:write,heartbeat:write,tokens:write,users:write,settings:write");
            assertThat(row.get("expires_at")).isNull();
            assertThat(row.get("source")).isEqualTo("UI");

            var list = owner.get("/tokens").body();
            assertThat(list).contains("ci deploy").contains("tc-apiv1_\u2026" + value.substring(value.length() - 4)).doesNotContain(value);
            var detail = owner.get("/tokens/" + row.get("id")).body();
            assertThat(detail).doesNotContain(value);
        }
    }

    @Test
    void presets_and_custom_permissions_are_stored_as_chosen() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            owner.post("/tokens", "description", "agent", "expiration", "30d", "preset", "telegraf");
            owner.post("/tokens", "description", "custom", "expiration", "7d", "preset", "custom",
                    "perm", "agents:read", "perm", "labels:write");
            assertThat(permissionsOf(server, "agent")).isEqualTo("configs:read,heartbeat:write");
            assertThat(permissionsOf(server, "custom")).isEqualTo("agents:read,labels:write");
        }
    }

    @Test
    void custom_expiration_date_means_valid_through_that_day() {
        try (var server = TestServer.withOwner()) {
            var date = LocalDate.now(ZoneOffset.UTC).plusDays(10);
            var response = server.owner().post("/tokens", "description", "dated", "expiration", "custom",
                    "expiresOn", date.toString(), "preset", "read");
            assertThat(response.statusCode()).isEqualTo(200);
            var expires = server.jdbi().withHandle(h -> h.createQuery("SELECT expires_at FROM tokens")
                    .mapTo(java.time.Instant.class).one());
            assertThat(expires).isEqualTo(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    @Test
    void pre_shared_value_is_accepted_once() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var value = "tc-apiv1_" + "ab12".repeat(16);
            var first = owner.post("/tokens", "description", "pre-shared", "expiration", "never", "preset", "telegraf",
                    "tokenString", value);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE digest = '" + TokenValues.digest(value) + "'"))
                    .isEqualTo(1);

            var again = owner.post("/tokens", "description", "other", "expiration", "never", "preset", "telegraf",
                    "tokenString", value);
            assertThat(again.statusCode()).isEqualTo(422);
            assertThat(again.body()).contains("This token string is already in use.");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
        }
    }

    @Test
    void each_bad_input_gets_a_field_error_and_422_and_creates_nothing() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            owner.post("/tokens", "description", "taken", "expiration", "30d", "preset", "read");
            var yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
            String[][] cases = {
                {"Description is required.", "description", "   ", "expiration", "30d", "preset", "read"},
                {"at most 255 characters", "description", "x".repeat(256), "expiration", "30d", "preset", "read"},
                {"Pick a date in the future.", "description", "d1", "expiration", "custom", "expiresOn", yesterday, "preset", "read"},
                {"Enter a date as YYYY-MM-DD.", "description", "d2", "expiration", "custom", "expiresOn", "next week", "preset", "read"},
                {"Choose an expiration.", "description", "d3", "expiration", "forever", "preset", "read"},
                {"Unknown permission: secrets:read.", "description", "d4", "expiration", "30d", "preset", "custom", "perm", "secrets:read"},
                {"Choose at least one permission.", "description", "d5", "expiration", "30d", "preset", "custom"},
                {"Choose a permission preset or Custom.", "description", "d6", "expiration", "30d", "preset", "root"},
                {"Token string must be tc-apiv1_", "description", "d7", "expiration", "30d", "preset", "read", "tokenString", "tc-apiv1_XYZ"},
                {"A token with this description already exists.", "description", "taken", "expiration", "30d", "preset", "read"},
                {"Description must not contain control characters.", "description", "bad\u0007bell", "expiration", "30d", "preset", "read"},
            };
            for (var c : cases) {
                var fields = java.util.Arrays.copyOfRange(c, 1, c.length);
                var response = owner.htmxPost("/tokens", fields);
                assertThat(response.statusCode()).as(c[0]).isEqualTo(422);
                assertThat(response.body()).as(c[0]).contains(c[0].replace("'", "&#39;")).contains("id=\"create-form\"");
            }
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isEqualTo(1);
        }
    }

    @Test
    void the_form_is_shown_again_with_what_was_typed() {
        try (var server = TestServer.withOwner()) {
            var response = server.owner().htmxPost("/tokens", "description", "", "expiration", "60d", "preset", "custom",
                    "perm", "configs:read");
            assertThat(response.body())
                    .containsPattern("<option value=\"60d\" selected=\"selected\">60 days</option>")
                    .containsPattern("value=\"configs:read\"\\s+aria-label=\"Configs read\" checked=\"checked\"")
                    .containsPattern("value=\"custom\" checked=\"checked\"");
        }
    }

    @Test
    void with_pre_shared_tokens_disabled_the_field_is_hidden_and_a_value_is_refused() {
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withDisablePresharedTokens(true))) {
            var owner = server.owner();
            assertThat(owner.get("/tokens").body()).doesNotContain("Provide your own token string");
            var response = owner.post("/tokens", "description", "x", "expiration", "30d", "preset", "read",
                    "tokenString", "tc-apiv1_" + "c".repeat(64));
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).contains("Pre-shared tokens are disabled on this server.");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
    }

    @Test
    void without_javascript_the_form_posts_and_the_reveal_is_a_full_page() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(owner.get("/tokens/new").body()).contains("<html").contains("Create API Token");
            var response = owner.post("/tokens", "description", "plain form", "expiration", "30d", "preset", "read");
            assertThat(response.body()).contains("<html").contains("API token created");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    private static String permissionsOf(TestServer server, String description) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT permissions FROM tokens WHERE description = :d")
                .bind("d", description).mapTo(String.class).one());
    }
}
