package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tokendesk.support.AtOnce;
import tokendesk.support.MutableClock;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/**
 * SPEC 9.3's once-only notices: each scan runs when an instance starts (and every minute), so starting instances on
 * one database is how these tests scan, with a clock they move instead of waiting.
 */
class ExpiryNoticesTest {
    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void each_token_gets_one_expiring_and_one_expired_notice_across_restarts_and_again_after_a_rotation() {
        var clock = new MutableClock(NOON);
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var owner = server.owner();
            var soon = expiring(server, "soon", Duration.ofDays(3));
            var sleeper = expiring(server, "sleeper", Duration.ofDays(3));
            var revoked = expiring(server, "revoked", Duration.ofDays(3));
            var later = expiring(server, "later", Duration.ofDays(10));
            var rotated = expiring(server, "rotated", Duration.ofDays(2));
            var doomed = expiring(server, "doomed", Duration.ofDays(1));
            owner.post("/tokens/" + sleeper + "/suspend");
            owner.post("/tokens/" + revoked + "/revoke");

            scan(server, clock);
            assertThat(notices(server, "token.expiring")).isEqualTo(Map.of(soon, 1L, rotated, 1L, doomed, 1L));
            String event = server.jdbi().withHandle(h -> h.createQuery("SELECT actor_name, outcome, target_type, detail"
                    + " FROM audit_events WHERE action = 'token.expiring' AND target_ids = :id").bind("id", soon)
                    .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4))
                    .one());
            assertThat(event).isEqualTo("null success token expiresAt=2026-03-13T12:00:00Z; soon");
            assertThat(server.owner().get("/audit").body()).contains("Token expiring soon").contains("(system)");

            scan(server, clock);
            assertThat(notices(server, "token.expiring")).as("a restart sends nothing again").hasSize(3);

            owner.post("/tokens/" + doomed + "/delete");
            assertThat(server.count("SELECT COUNT(*) FROM token_expiry_notices WHERE token_id = '" + doomed + "'"))
                    .as("a deleted token's notices go with it").isZero();
            // a new value with a new expiry, still within the window: warned again
            assertThat(owner.post("/tokens/" + rotated + "/rotate", "overlap", "0", "expiration", "7d").statusCode()).isEqualTo(200);

            clock.advance(Duration.ofDays(4));
            scan(server, clock);
            scan(server, clock);
            assertThat(notices(server, "token.expiring")).isEqualTo(Map.of(soon, 1L, rotated, 2L, doomed, 1L, later, 1L));
            assertThat(notices(server, "token.expired")).as("the suspended one too; never a revoked one")
                    .isEqualTo(Map.of(soon, 1L, sleeper, 1L));
            String detail = server.jdbi().withHandle(h -> h.createQuery("SELECT detail FROM audit_events"
                    + " WHERE action = 'token.expired' AND target_ids = :id").bind("id", sleeper).mapTo(String.class).one());
            assertThat(detail).isEqualTo("expiresAt=2026-03-13T12:00:00Z; sleeper");
        }
    }

    @Test
    void two_instances_scanning_one_database_at_once_send_each_notice_once() throws Exception {
        var clock = new MutableClock(NOON);
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD), clock)) {
            var ownerId = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'")
                    .mapTo(String.class).one());
            int fleet = 1_200; // more than two batches
            var ids = SeedTokens.active(server.jdbi(), ownerId, "fleet", fleet, "configs:read").stream()
                    .map(SeedTokens.Seeded::id).toList();
            // one expiry a second from a day ahead, all within the window
            server.jdbi().useHandle(h -> {
                var update = h.prepareBatch("UPDATE tokens SET expires_at = :at WHERE id = :id");
                for (int i = 0; i < ids.size(); i++) {
                    update.bind("at", NOON.plus(Duration.ofDays(1)).plusSeconds(i)).bind("id", ids.get(i)).add();
                }
                update.execute();
            });

            scanAtOnce(server, clock);
            assertThat(notices(server, "token.expiring")).hasSize(fleet).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            clock.advance(Duration.ofDays(2));
            scanAtOnce(server, clock);
            scan(server, clock);
            assertThat(notices(server, "token.expired")).hasSize(fleet).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            assertThat(notices(server, "token.expiring")).hasSize(fleet).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        }
    }

    /** A token made on the page, its expiry then set to {@code in} from noon. */
    private static String expiring(TestServer server, String description, Duration in) {
        Tokens.create(server, server.owner(), description, "read", "never");
        var id = Tokens.idOf(server, description);
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE tokens SET expires_at = :at WHERE id = :id")
                .bind("at", NOON.plus(in)).bind("id", id).execute());
        return id;
    }

    /** Another instance starts on the database (it scans at start) and stops. */
    private static void scan(TestServer server, MutableClock clock) {
        TestServer.sharing(server.database(), c -> c, clock).close();
    }

    private static void scanAtOnce(TestServer server, MutableClock clock) throws Exception {
        var started = AtOnce.run(() -> TestServer.sharing(server.database(), c -> c, clock),
                () -> TestServer.sharing(server.database(), c -> c, clock));
        started.forEach(TestServer::close);
    }

    /** Token id → how many audit events of {@code action} name it. */
    private static Map<String, Long> notices(TestServer server, String action) {
        List<Map.Entry<String, Long>> rows = server.jdbi().withHandle(h -> h.createQuery("SELECT target_ids, COUNT(*)"
                + " FROM audit_events WHERE action = :action GROUP BY target_ids").bind("action", action)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list());
        return rows.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
