package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Tokens.descriptions;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tokendesk.support.MutableClock;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

class TokenListTest {

    @Test
    void pages_hold_fifty_rows_and_link_to_each_other() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            for (int i = 0; i < 55; i++) {
                Tokens.create(server, owner, String.format("token-%02d", i));
            }
            var first = owner.get("/tokens?sort=description&dir=asc").body();
            assertThat(descriptions(first)).hasSize(50).startsWith("token-00");
            assertThat(first).contains("Showing 1–50 of 55").contains("Page 1 of 2")
                    .contains("href=\"/tokens?sort=description&amp;dir=asc&amp;page=2\"");
            var second = owner.get("/tokens?sort=description&dir=asc&page=2").body();
            assertThat(descriptions(second)).containsExactly("token-50", "token-51", "token-52", "token-53", "token-54");
            assertThat(second).contains("Showing 51–55 of 55");
        }
    }

    @Test
    void search_matches_description_owner_and_id_and_treats_wildcards_literally() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var web = Tokens.create(server, owner, "Web Server 01");
            Tokens.create(server, owner, "database_backup");
            Tokens.create(server, owner, "database-backup");
            assertThat(descriptions(owner.get("/tokens?q=web+server").body())).containsExactly("Web Server 01");
            assertThat(descriptions(owner.get("/tokens?q=" + web.id()).body())).containsExactly("Web Server 01");
            assertThat(descriptions(owner.get("/tokens?q=base_").body())).containsExactly("database_backup");
            assertThat(descriptions(owner.get("/tokens?q=%25").body())).isEmpty();
            assertThat(descriptions(owner.get("/tokens?q=" + TestServer.OWNER).body())).hasSize(3);
            assertThat(owner.get("/tokens?q=nothing-like-this").body()).contains("No tokens match this search.");
        }
    }

    @Test
    void status_filter_tells_active_revoked_and_expired_apart() {
        var clock = MutableClock.startingNow();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var owner = server.owner();
            owner.post("/tokens", "description", "short-lived", "expiration", "7d", "preset", "read");
            Tokens.create(server, owner, "long-lived");
            var revoked = Tokens.create(server, owner, "revoked-one");
            owner.post("/tokens/" + revoked.id() + "/revoke");
            owner.post("/tokens", "description", "short-lived-revoked", "expiration", "7d", "preset", "read");
            owner.post("/tokens/" + Tokens.idOf(server, "short-lived-revoked") + "/revoke");
            clock.advance(Duration.ofDays(8));
            // eight idle days end the session (SESSION_IDLE_MINUTES)
            owner.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);

            assertThat(descriptions(owner.get("/tokens?status=active").body())).containsExactly("long-lived");
            assertThat(descriptions(owner.get("/tokens?status=revoked").body()))
                    .containsExactlyInAnyOrder("revoked-one", "short-lived-revoked");
            assertThat(descriptions(owner.get("/tokens?status=expired").body())).containsExactly("short-lived");
            assertThat(owner.get("/tokens?status=expired").body()).contains("badge-expired\">Expired<");
            assertThat(descriptions(owner.get("/tokens").body())).hasSize(4);
            // the counts, with and without a search (which counts among the ids it matched first)
            for (var status : new String[] {"active", "revoked", "expired", "all"}) {
                int expected = switch (status) { case "revoked" -> 2; case "all" -> 4; default -> 1; };
                assertThat(owner.getJson("/api/tokens?limit=1&status=" + status).body())
                        .as(status).contains("\"total\":" + expected);
                int searched = switch (status) { case "revoked" -> 1; case "expired" -> 1; case "all" -> 2; default -> 0; };
                assertThat(owner.getJson("/api/tokens?limit=1&q=short-lived&status=" + status).body())
                        .as("short-lived, " + status).contains("\"total\":" + searched);
            }
        }
    }

    /**
     * The Expired filter's page is first looked for among the first 5,000 tokens in the sort's order
     * (TokenService#page), and fetched and sorted whole when it is not all there: a page is the same either way.
     */
    @Test
    void the_expired_filter_pages_the_same_whether_its_tokens_come_early_or_late_in_the_order() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var jdbi = server.jdbi();
            var ownerId = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'").mapTo(String.class).one());
            var fleet = tokendesk.support.SeedTokens.active(jdbi, ownerId, "fleet", 5_100, "configs:read");
            var late = fleet.subList(5_040, 5_100).stream().map(tokendesk.support.SeedTokens.Seeded::id).toList();
            jdbi.useHandle(h -> h.createUpdate("UPDATE tokens SET expires_at = :at WHERE id IN (<ids>)")
                    .bind("at", java.time.Instant.now().minus(Duration.ofDays(1))).bindList("ids", late).execute());
            var byName = "/tokens?status=expired&sort=description&dir=asc";
            // all past the first 5,000 by name: found by the expiry index and sorted
            assertThat(descriptions(owner.get(byName).body())).hasSize(50).startsWith("fleet-05040").endsWith("fleet-05089");
            assertThat(descriptions(owner.get(byName + "&page=2").body())).hasSize(10).startsWith("fleet-05090");

            var early = fleet.subList(10, 70).stream().map(tokendesk.support.SeedTokens.Seeded::id).toList();
            jdbi.useHandle(h -> h.createUpdate("UPDATE tokens SET expires_at = :at WHERE id IN (<ids>)")
                    .bind("at", java.time.Instant.now().minus(Duration.ofDays(1))).bindList("ids", early).execute());
            owner.post("/tokens/" + early.get(0) + "/revoke");
            // page 1 among the first 5,000; page 2 only in part there (9 of its 50), so fetched and sorted
            var first = owner.get(byName).body();
            assertThat(descriptions(first)).hasSize(50).startsWith("fleet-00011").endsWith("fleet-00060");
            assertThat(first).contains("Showing 1–50 of 119");
            assertThat(descriptions(owner.get(byName + "&page=2").body())).hasSize(50)
                    .startsWith("fleet-00061").contains("fleet-00069", "fleet-05040").endsWith("fleet-05080");
            assertThat(descriptions(owner.get(byName + "&page=3").body())).hasSize(19).endsWith("fleet-05099");
            assertThat(descriptions(owner.get("/tokens?status=expired&sort=description&dir=desc").body()))
                    .hasSize(50).startsWith("fleet-05099");
        }
    }

    @Test
    void sorting_flips_direction_on_the_same_column_and_orders_rows() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            for (var name : new String[] {"bravo", "alpha", "charlie"}) {
                Tokens.create(server, owner, name);
            }
            var ascending = owner.get("/tokens?sort=description&dir=asc").body();
            assertThat(descriptions(ascending)).containsExactly("alpha", "bravo", "charlie");
            assertThat(ascending).contains("href=\"/tokens?sort=description&amp;dir=desc\"");
            assertThat(descriptions(owner.get("/tokens?sort=description&dir=desc").body()))
                    .containsExactly("charlie", "bravo", "alpha");
            assertThat(descriptions(owner.get("/tokens").body())).containsExactly("charlie", "alpha", "bravo");
        }
    }

    @Test
    void htmx_gets_only_the_table_fragment_and_a_bookmark_gets_the_whole_page_in_the_same_state() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Tokens.create(server, owner, "alpha");
            Tokens.create(server, owner, "beta");
            var fragment = owner.get("/tokens?q=alp", "HX-Request", "true");
            assertThat(fragment.body()).startsWith("<div id=\"token-table\"").doesNotContain("<html");
            assertThat(descriptions(fragment.body())).containsExactly("alpha");
            assertThat(fragment.headers().firstValue("Vary")).contains("HX-Request");
            var page = owner.get("/tokens?q=alp").body();
            assertThat(page).contains("<html").contains("value=\"alp\"");
            assertThat(descriptions(page)).containsExactly("alpha");
        }
    }

    @Test
    void unknown_filter_values_get_a_400_with_a_reason() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(owner.get("/tokens?status=zombie").statusCode()).isEqualTo(400);
            assertThat(owner.get("/tokens?status=zombie").body()).contains("Unknown status filter");
            assertThat(owner.get("/tokens?sort=digest").statusCode()).isEqualTo(400);
            assertThat(owner.get("/tokens?dir=sideways").statusCode()).isEqualTo(400);
            assertThat(owner.get("/tokens?page=0").statusCode()).isEqualTo(400);
            assertThat(owner.get("/tokens?page=abc").statusCode()).isEqualTo(400);
            assertThat(owner.get("/tokens?owner=x%27%20OR%201=1").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void search_results_are_sorted_and_paged_like_the_full_list_and_find_owners_by_name() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            tokendesk.support.Users.create(server, owner, "melanie", tokendesk.user.Role.MANAGER);
            var mel = tokendesk.support.Users.signedIn(server, "melanie");
            for (int i = 0; i < 55; i++) {
                Tokens.create(server, owner, "fleet-%02d".formatted(i));
            }
            Tokens.create(server, mel, "mel-own");
            Tokens.create(server, owner, "unrelated");

            var first = owner.get("/tokens?q=fleet&sort=description&dir=asc").body();
            assertThat(first).contains("Showing 1–50 of 55");
            assertThat(descriptions(first)).hasSize(50).startsWith("fleet-00", "fleet-01").endsWith("fleet-49");
            var second = owner.get("/tokens?q=fleet&sort=description&dir=desc&page=2").body();
            assertThat(descriptions(second)).containsExactly("fleet-04", "fleet-03", "fleet-02", "fleet-01", "fleet-00");
            assertThat(descriptions(owner.get("/tokens?q=MELANIE").body())).containsExactly("mel-own");
            assertThat(descriptions(owner.get("/tokens?q=mel").body())).containsExactly("mel-own");
            assertThat(descriptions(mel.get("/tokens?q=fleet").body())).as("a Manager searches only their own").isEmpty();
            assertThat(descriptions(mel.get("/tokens?q=own").body())).containsExactly("mel-own");

            // the search and the other filters together
            for (var d : new String[] {"fleet-00", "fleet-01", "fleet-02"}) {
                assertThat(owner.post("/tokens/" + Tokens.idOf(server, d) + "/revoke").statusCode()).isLessThan(400);
            }
            assertThat(descriptions(owner.get("/tokens?q=fleet&status=revoked&sort=description&dir=asc").body()))
                    .containsExactly("fleet-00", "fleet-01", "fleet-02");
            assertThat(owner.get("/tokens?q=fleet&status=active").body()).contains("Showing 1–50 of 52");
            var id = Tokens.idOf(server, "unrelated");
            assertThat(descriptions(owner.get("/tokens?q=" + id).body())).as("a search by id").containsExactly("unrelated");
        }
    }
}
