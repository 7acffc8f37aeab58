package tokendesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

class AuditPagesTest {
    private static final Pattern ROW_ACTION = Pattern.compile("class=\"audit-row\" data-action=\"([^\"]+)\"");

    /** {@code n} sign-in events by {@code actor}, one a day from {@code first}. */
    private static void insertEvents(TestServer server, String actor, int n, Instant first, String detail) {
        server.jdbi().useHandle(h -> {
            for (int i = 0; i < n; i++) {
                h.createUpdate("INSERT INTO audit_events (at, actor_name, action, target_count, outcome, detail)"
                                + " VALUES (:at, :actor, 'config.created', 0, 'success', :detail)")
                        .bind("at", first.plusSeconds(86_400L * i)).bind("actor", actor).bind("detail", detail + i).execute();
            }
        });
    }

    private static long rows(String page) {
        return ROW_ACTION.matcher(page).results().count();
    }

    @Test
    void owner_and_administrators_read_the_audit_trail_managers_and_viewers_do_not() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Users.create(server, owner, "ann", Role.ADMINISTRATOR);
            Users.create(server, owner, "mel", Role.MANAGER);
            Users.create(server, owner, "vic", Role.VIEWER);
            Tokens.create(server, owner, "newest");

            var page = owner.get("/audit");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"nav-audit\"");
            var actions = ROW_ACTION.matcher(page.body()).results().map(m -> m.group(1)).toList();
            assertThat(actions).as("newest first").startsWith("token.created", "user.created").endsWith("user.created");
            assertThat(Users.signedIn(server, "ann").get("/audit").statusCode()).isEqualTo(200);
            for (var name : new String[] {"mel", "vic"}) {
                var client = Users.signedIn(server, name);
                assertThat(client.get("/audit").statusCode()).as(name).isEqualTo(403);
                assertThat(client.get("/audit.csv").statusCode()).as(name).isEqualTo(403);
                assertThat(client.get("/tokens").body()).doesNotContain("nav-audit");
            }
        }
    }

    @Test
    void filters_by_actor_action_and_date_and_pages_through_the_rest() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            insertEvents(server, "robot", 120, Instant.parse("2026-01-01T12:00:00Z"), "config ");

            var all = owner.get("/audit?actor=robot").body();
            assertThat(all).contains("120 events").contains("Page 1 of 3").contains("config 119");
            assertThat(rows(all)).isEqualTo(50);
            var last = owner.get("/audit?actor=robot&page=3").body();
            assertThat(rows(last)).isEqualTo(20);
            assertThat(last).contains("config 0").contains("href=\"/audit?actor=robot&amp;page=2\"");

            var january = owner.get("/audit?actor=robot&from=2026-01-10&to=2026-01-19").body();
            assertThat(january).contains("10 events").contains("config 9").contains("config 18").doesNotContain("config 19<");
            assertThat(owner.get("/audit?action=sign-in").body()).contains("1 event").doesNotContain("config 1");
            assertThat(owner.get("/audit?actor=nobody").body()).contains("No events match these filters.");

            for (var bad : new String[] {"from=yesterday", "from=2026-02-01&to=2026-01-01", "action=token.exploded", "page=-1"}) {
                var response = owner.get("/audit?" + bad);
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
            }
            assertThat(owner.get("/audit?from=yesterday").body()).contains("Dates are written YYYY-MM-DD.");
        }
    }

    @Test
    void export_csv_gives_every_filtered_event_with_formulas_defused() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            insertEvents(server, "robot", 70, Instant.parse("2026-03-01T00:00:00Z"), "=HYPERLINK(\"x\",\"y\") ");
            Tokens.create(server, owner, "a, \"quoted\" name");

            var csv = owner.get("/audit.csv?actor=robot");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"tokendesk-audit.csv\"");
            var lines = csv.body().split("\r\n");
            assertThat(lines[0]).isEqualTo("time,actor,action,outcome,target_type,target_count,target_ids,source_ip,detail");
            assertThat(lines).hasSize(71);
            assertThat(lines[1]).startsWith("2026-05-09T00:00:00Z,robot,config.created,success,,0,,,")
                    .endsWith(",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\") 69\"");

            var tokens = owner.get("/audit.csv?action=token.created").body().split("\r\n");
            assertThat(tokens).hasSize(2);
            assertThat(tokens[1]).contains(",owner,token.created,success,token,1,").contains(",127.0.0.1,")
                    .endsWith(",\"a, \"\"quoted\"\" name\"");
            assertThat(owner.get("/audit.csv?to=bad").statusCode()).isEqualTo(400);
        }
    }
}
