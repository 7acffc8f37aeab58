package tokendesk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

class MetricsTest {

    /** The value of one series in Prometheus text, e.g. {@code tokendesk_tokens{state="active"}}. */
    private static double value(String text, String series) {
        var matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(matcher.find()).as(series + " in\n" + text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void metrics_count_requests_by_route_authentications_by_outcome_and_tokens_by_state() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var admin = Tokens.create(server, owner, "metrics-reader", "full");
            var reader = Tokens.create(server, owner, "configs-only", "telegraf");
            var gone = Tokens.create(server, owner, "revoked-one");
            owner.post("/tokens/" + gone.id() + "/revoke");

            var api = Api.bearer(server, admin.value());
            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/api/tokens/" + gone.id()).statusCode()).isEqualTo(200);
            }
            assertThat(Api.bearer(server, gone.value()).get("/api/tokens").statusCode()).isEqualTo(401);
            assertThat(Api.bearer(server, reader.value()).get("/api/tokens").statusCode()).isEqualTo(403);

            var scrape = api.get("/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            var text = scrape.body();
            assertThat(value(text, "tokendesk_http_requests_total{method=\"GET\",route=\"/api/tokens/{id}\",status=\"200\"}")).isEqualTo(3);
            assertThat(value(text, "tokendesk_http_request_duration_seconds_count{method=\"GET\",route=\"/api/tokens/{id}\"}")).isEqualTo(3);
            assertThat(value(text, "tokendesk_token_authentications_total{outcome=\"unauthorized\"}")).isEqualTo(1);
            assertThat(value(text, "tokendesk_token_authentications_total{outcome=\"forbidden\"}")).isEqualTo(1);
            assertThat(value(text, "tokendesk_token_authentications_total{outcome=\"ok\"}")).isEqualTo(4);
            assertThat(value(text, "tokendesk_token_authentications_total{outcome=\"rate_limited\"}")).isZero();
            assertThat(value(text, "tokendesk_tokens{state=\"active\"}")).isEqualTo(2);
            assertThat(value(text, "tokendesk_tokens{state=\"revoked\"}")).isEqualTo(1);
            assertThat(value(text, "tokendesk_tokens{state=\"expired\"}")).isZero();
            assertThat(value(text, "tokendesk_db_pool_connections{state=\"max\"}")).isEqualTo(server.database().poolSize());
            assertThat(text).as("no ids or token values in label values").doesNotContain(gone.id()).doesNotContain("tc-apiv1_");

            // not public by default: no token, or a token without settings:read, is refused
            assertThat(server.client().get("/metrics").statusCode()).isIn(302, 303, 401);
            assertThat(Api.bearer(server, reader.value()).get("/metrics").statusCode()).isEqualTo(403);
        }
    }

    /** Each token is counted once: revoked (expired or not), else expired, else active. */
    @Test
    void tokens_by_state_count_an_expired_revoked_token_as_revoked_only() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var admin = Tokens.create(server, owner, "metrics-reader", "full");
            var expired = Tokens.create(server, owner, "expired-one");
            var revoked = Tokens.create(server, owner, "revoked-one");
            var both = Tokens.create(server, owner, "expired-and-revoked");
            owner.post("/tokens/" + revoked.id() + "/revoke");
            owner.post("/tokens/" + both.id() + "/revoke");
            server.jdbi().useHandle(h -> h.createUpdate("UPDATE tokens SET expires_at = :at WHERE id IN (<ids>)")
                    .bind("at", java.time.Instant.now().minusSeconds(60)).bindList("ids", List.of(expired.id(), both.id()))
                    .execute());

            var text = Api.bearer(server, admin.value()).get("/metrics").body();
            assertThat(value(text, "tokendesk_tokens{state=\"active\"}")).isEqualTo(1);
            assertThat(value(text, "tokendesk_tokens{state=\"expired\"}")).isEqualTo(1);
            assertThat(value(text, "tokendesk_tokens{state=\"revoked\"}")).isEqualTo(2);
        }
    }

    @Test
    void metrics_public_opens_the_endpoint_to_anyone() {
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD).withMetricsPublic(true))) {
            var response = Api.withHeader(server, null).get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("# TYPE tokendesk_tokens gauge");
        }
    }
}
