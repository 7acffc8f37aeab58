package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Tokens.descriptions;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/**
 * SPEC §9.3 on the pages and the API: the "Expiring soon" filter, the row badge, the API Tokens page's notice and the
 * detail page's notice, with EXPIRY_WARNING_DAYS at its default of 7. One server; the clock stands at noon UTC.
 */
class ExpiryWarningsTest {
    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");

    private static TestServer server;
    private static WebClient owner;
    private static WebClient manager;
    /** description → id of every token made below. */
    private static final Map<String, String> IDS = new LinkedHashMap<>();

    @BeforeAll
    static void tokensAroundTheWindow() {
        server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), new MutableClock(NOON));
        owner = server.owner();
        Users.create(server, owner, "mia", Role.MANAGER);
        manager = Users.signedIn(server, "mia");
        expiring(owner, "today-late", Duration.ofHours(11).plusMinutes(59)); // 23:59 today
        expiring(owner, "tomorrow-early", Duration.ofHours(13));                 // 01:00 tomorrow, 13 hours away
        expiring(owner, "one-day", Duration.ofDays(1));
        expiring(owner, "window-end", Duration.ofDays(7));                        // exactly at the boundary: inside
        expiring(owner, "past-window", Duration.ofDays(7).plusSeconds(1));
        expiring(owner, "suspended-soon", Duration.ofDays(2));
        expiring(owner, "revoked-soon", Duration.ofDays(2));
        expiring(owner, "expired", Duration.ofHours(-1));
        Tokens.create(server, owner, "never", "read", "never");
        IDS.put("never", Tokens.idOf(server, "never"));
        expiring(manager, "mia-soon", Duration.ofDays(3));
        owner.post("/tokens/" + IDS.get("suspended-soon") + "/suspend");
        owner.post("/tokens/" + IDS.get("revoked-soon") + "/revoke");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void expiring(WebClient client, String description, Duration in) {
        Tokens.create(server, client, description, "read", "never");
        var id = Tokens.idOf(server, description);
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE tokens SET expires_at = :at WHERE id = :id")
                .bind("at", NOON.plus(in)).bind("id", id).execute());
        IDS.put(description, id);
    }

    @Test
    void the_expiring_filter_lists_active_tokens_up_to_the_window_end_for_pages_and_api_alike() {
        assertThat(descriptions(owner.get("/tokens?status=expiring&sort=expires&dir=asc").body()))
                .containsExactly("today-late", "tomorrow-early", "one-day", "mia-soon", "window-end");
        assertThat(owner.getJson("/api/tokens?status=expiring").body()).contains("\"total\":5")
                .doesNotContain(IDS.get("past-window")).doesNotContain(IDS.get("suspended-soon"));
        assertThat(descriptions(manager.get("/tokens?status=expiring").body())).containsExactly("mia-soon");
        assertThat(owner.get("/tokens").body()).contains("<option value=\"expiring\">Expiring soon</option>");
        // a search counts among the ids it matched first (TokenQueries#list): the same filter there
        assertThat(owner.getJson("/api/tokens?status=expiring&q=soon").body()).contains("\"total\":1");
    }

    @Test
    void a_row_badge_counts_whole_utc_days_to_the_expiry_date() {
        var list = owner.get("/tokens").body();
        assertThat(badge(list, "today-late")).isEqualTo("Expires today");
        assertThat(badge(list, "tomorrow-early")).isEqualTo("Expires in 1 day");
        assertThat(badge(list, "one-day")).isEqualTo("Expires in 1 day");
        assertThat(badge(list, "mia-soon")).isEqualTo("Expires in 3 days");
        assertThat(badge(list, "window-end")).isEqualTo("Expires in 7 days");
        for (var outside : new String[] {"past-window", "suspended-soon", "revoked-soon", "expired", "never"}) {
            assertThat(badge(list, outside)).as(outside).isNull();
        }
    }

    @Test
    void the_list_notice_counts_the_tokens_the_viewer_sees_and_links_to_the_filter() {
        assertThat(owner.get("/tokens").body()).contains("hx-get=\"/tokens/expiry-notice\" hx-trigger=\"load, tokens-changed from:body\"")
                .doesNotContain("id=\"expiry-notice\"");
        assertThat(owner.get("/tokens/expiry-notice").body()).contains("<a href=\"/tokens?status=expiring\">5 tokens expire within 7 days</a>");
        assertThat(manager.get("/tokens/expiry-notice").body()).contains("<a href=\"/tokens?status=expiring\">1 token expires within 7 days</a>");
        Users.create(server, owner, "noah", Role.MANAGER);
        assertThat(Users.signedIn(server, "noah").get("/tokens/expiry-notice").body()).isBlank();
    }

    @Test
    void the_detail_page_of_a_token_in_the_window_offers_rotate() {
        var soon = owner.get("/tokens/" + IDS.get("one-day")).body();
        assertThat(soon).contains("id=\"expiry-notice\"").contains("This token expires on 2026-03-11 12:00 UTC.")
                .contains("id=\"expiry-rotate\"").contains("hx-get=\"/tokens/" + IDS.get("one-day") + "/rotate?origin=detail\"");
        assertThat(manager.get("/tokens/" + IDS.get("mia-soon")).body()).contains("id=\"expiry-rotate\"");
        for (var outside : new String[] {"past-window", "suspended-soon", "expired", "never"}) {
            assertThat(owner.get("/tokens/" + IDS.get(outside)).body()).as(outside).doesNotContain("expiry-notice");
        }
    }

    @Test
    void metrics_count_suspended_tokens_apart_and_the_active_ones_expiring_soon() {
        var admin = Api.bearer(server, Tokens.create(server, owner, "metrics-reader", "full", "never").value());
        var text = admin.get("/metrics").body();
        // 11 tokens: revoked-soon, suspended-soon, expired, and 8 active (never and the reader among them)
        assertThat(value(text, "tokendesk_tokens{state=\"revoked\"}")).isEqualTo(1);
        assertThat(value(text, "tokendesk_tokens{state=\"suspended\"}")).isEqualTo(1);
        assertThat(value(text, "tokendesk_tokens{state=\"expired\"}")).isEqualTo(1);
        assertThat(value(text, "tokendesk_tokens{state=\"active\"}")).isEqualTo(8);
        assertThat(value(text, "tokendesk_tokens{state=\"expiring_soon\"}")).isEqualTo(5);
    }

    /** The text of the "Expires …" badge of the row of {@code description}, or null without one. */
    private static String badge(String html, String description) {
        var row = html.substring(html.indexOf("<tr id=\"row-" + IDS.get(description) + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        var matcher = Pattern.compile("class=\"badge badge-expiring\">([^<]*)<").matcher(row);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static double value(String text, String series) {
        var matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(matcher.find()).as(series + " in\n" + text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
