package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.WebClient;

/**
 * The list's filters, searches, counts and pages against a plain reading of every token, over more tokens than the
 * list counts (10,000) and than it sorts among (5,000): each filter and search takes whichever way its size leads
 * to (sorted among the matches from an index, or walking the sort's order), and must come out the same.
 */
class TokenListAtScaleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLEET = 10_200;
    private static final int COUNTED = 10_000;
    private static final int LIMIT = 250;

    @Test
    void filters_searches_counts_and_pages_match_a_plain_reading_of_every_token() throws Exception {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var jdbi = server.jdbi();
            var ownerId = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'").mapTo(String.class).one());
            var fleet = SeedTokens.active(jdbi, ownerId, "fleet", FLEET, "configs:read");
            // spread over the order: 6,000 revoked (more than are sorted among), 300 expired, 300 suspended (more than a
            // page of the API), the rest active
            var state = new HashMap<String, String>();
            var past = Instant.now().minus(Duration.ofDays(1));
            jdbi.useTransaction(h -> {
                var revoke = h.prepareBatch("INSERT INTO token_revocations (token_id, revoked_at) VALUES (:id, :at)");
                var expire = h.prepareBatch("UPDATE tokens SET expires_at = :at WHERE id = :id");
                var suspend = h.prepareBatch("UPDATE tokens SET suspended_at = :at WHERE id = :id");
                for (int i = 0; i < FLEET; i++) {
                    var token = fleet.get(i);
                    var kind = i % 17 < 10 ? "revoked" : i % 34 == 11 ? "expired" : i % 34 == 12 ? "suspended" : "active";
                    state.put(token.description(), kind);
                    switch (kind) {
                        case "revoked" -> revoke.bind("id", token.id()).bind("at", past).add();
                        case "expired" -> expire.bind("id", token.id()).bind("at", past).add();
                        case "suspended" -> suspend.bind("id", token.id()).bind("at", past).add();
                        default -> { }
                    }
                }
                revoke.execute();
                expire.execute();
                suspend.execute();
            });
            assertThat(state.values().stream().filter("revoked"::equals).count()).isEqualTo(6_000);
            assertThat(state.values().stream().filter("suspended"::equals).count()).isEqualTo(300);

            var sorted = state.keySet().stream().sorted().toList();
            for (var status : List.of("all", "active", "revoked", "expired", "suspended")) {
                for (var q : List.of("", "fleet-0", "fleet-1", "3", "99", "fleet-10199", "no-such")) {
                    Predicate<String> passes = d -> (status.equals("all") || state.get(d).equals(status)) && d.contains(q);
                    assertPages(owner, status, q, sorted.stream().filter(passes).toList());
                }
            }

            var all = owner.get("/tokens").body();
            assertThat(all).contains("Showing 1–50 of more than 10,000").contains("id=\"page-info\">Page 1<")
                    .contains("id=\"page-next\"");
            // the last page: 10,151-10,200 is full, yet nothing follows it
            var last = owner.get("/tokens?page=" + FLEET / 50).body();
            assertThat(last).contains("Showing 10151–10200 of more than 10,000").contains("id=\"page-prev\"")
                    .doesNotContain("id=\"page-next\"");
            assertThat(owner.get("/tokens?status=revoked").body()).contains("Showing 1–50 of 6000")
                    .contains("Page 1 of 120");
        }
    }

    /** Page 1, a middle page, the last and one past it, both ways, against {@code expected} (sorted ascending). */
    private static void assertPages(WebClient owner, String status, String q, List<String> expected) throws Exception {
        var what = "status=" + status + " q=" + q;
        int n = expected.size();
        var first = list(owner, status, q, "asc", 1);
        assertThat(first.get("total").asInt()).as(what).isEqualTo(Math.min(n, COUNTED));
        assertThat(first.get("moreThanTotal").asBoolean()).as(what).isEqualTo(n > COUNTED);
        int pages = Math.max(1, (n + LIMIT - 1) / LIMIT);
        for (int page : new int[] {1, (pages + 1) / 2, pages, pages + 1}) {
            int from = Math.min(n, (page - 1) * LIMIT);
            assertThat(descriptions(list(owner, status, q, "asc", page))).as(what + " page " + page)
                    .isEqualTo(expected.subList(from, Math.min(n, from + LIMIT)));
        }
        var descending = new ArrayList<>(expected);
        java.util.Collections.reverse(descending);
        assertThat(descriptions(list(owner, status, q, "desc", pages))).as(what + " descending, last page")
                .isEqualTo(descending.subList((pages - 1) * LIMIT, n));
    }

    private static JsonNode list(WebClient owner, String status, String q, String dir, int page) throws Exception {
        var response = owner.getJson("/api/tokens?sort=description&dir=" + dir + "&limit=" + LIMIT + "&page=" + page
                + "&status=" + status + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> descriptions(JsonNode page) {
        var result = new ArrayList<String>();
        page.get("tokens").forEach(token -> result.add(token.get("description").asText()));
        return result;
    }

    /**
     * The search (by index where there is one: pg_trgm on PostgreSQL) finds what a plain scan of the lowered
     * descriptions finds, for texts of one, two and more characters, wildcards, mixed case and letters beyond ASCII.
     */
    @Test
    void search_finds_what_a_plain_scan_finds() throws Exception {
        var descriptions = List.of("Web Server 01", "web-04 prod eu-west", "WEB-040 staging", "db-14 backup", "a", "ab",
                "xyz", "100%_done", "50% off!", "under_score", "dash--dash", "spaced  out", "CamelCaseName",
                "Straße Ärger", "ÄRGER straße", "日本語トークン", "rocket 🚀 launch", "tel: +49 30 1234", "x", "web",
                "telegraf web-042 prod eu-west #12", "grafana search-404 qa ap-south #7");
        var queries = List.of("a", "A", "b", "w", "e", "x", "%", "_", "!", "ab", "we", "WE", "-0", "0 p", "%_", "e 0",
                "web", "Web", "web-04", "WEB-04", "eb-0", "server", "ver 0", "prod eu", "100%", "0%_d", "50% o", "r_s",
                "--", "dash--", "  out", "camelcase", "straße", "STRASSE", "ärger", "ÄRGER", "ger", "本語", "日本語トーク",
                "🚀", "t 🚀 l", "+49", "1234", "#1", "search-40", "nothing-like-this", "zzz", "qq");
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            for (var description : descriptions) {
                Tokens.create(server, owner, description);
            }
            Map<String, String> idByDescription = new HashMap<>();
            for (var description : descriptions) {
                idByDescription.put(description, Tokens.idOf(server, description));
            }
            for (var q : queries) {
                var text = q.strip(); // as every query parameter is read
                // a plain scan: the lowered column with '' appended is no indexed expression
                var scanned = server.jdbi().withHandle(h -> h.createQuery("SELECT description FROM tokens"
                                + " WHERE LOWER(description) || '' LIKE :pattern ESCAPE '!'")
                        .bind("pattern", ListFilter.containsPattern(text)).mapTo(String.class).list());
                // the owner's name matches too
                var expected = "owner".contains(text.toLowerCase(Locale.ROOT)) ? descriptions : scanned;
                var found = descriptions(list(owner, "all", q, "asc", 1));
                assertThat(found).as("q=" + q).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(descriptions(list(owner, "all", idByDescription.get("xyz"), "asc", 1))).containsExactly("xyz");
        }
    }
}
