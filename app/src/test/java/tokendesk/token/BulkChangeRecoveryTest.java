package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.shared.Database;
import tokendesk.shared.DatabaseSettings;
import tokendesk.shared.Ids;
import tokendesk.support.Api;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/**
 * Issue 7: a bulk revoke or delete a crash interrupted is still in the journal (bulk_operations) at the next start,
 * maybe part-applied by the database's recovery, maybe committed but not yet un-journaled. Starting the app again on
 * the same database completes it: every listed token changed, exactly one audit event, the journal emptied.
 * The crash is simulated by writing what it leaves behind; BulkChangeCrashIT kills the real process.
 */
class BulkChangeRecoveryTest {
    private static final int LISTED = 40;

    /** A database with the owner, LISTED tokens of theirs to change and a few others; the app is stopped. */
    private record Fleet(DatabaseSettings database, String ownerId, List<SeedTokens.Seeded> listed, List<SeedTokens.Seeded> others) {
        List<String> listedIds() {
            return listed.stream().map(SeedTokens.Seeded::id).toList();
        }
    }

    private static Fleet fleet() {
        var database = TestDatabase.fresh();
        try (var server = TestServer.sharing(database, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD))) {
            var ownerId = ownerId(server.jdbi());
            return new Fleet(database, ownerId, SeedTokens.active(server.jdbi(), ownerId, "listed", LISTED, "configs:read"),
                    SeedTokens.active(server.jdbi(), ownerId, "other", 5, "configs:read"));
        }
    }

    private static TestServer restart(Fleet fleet) {
        return TestServer.sharing(fleet.database(), c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD));
    }

    @Test
    void a_revoke_interrupted_after_part_of_its_rows_changed_is_completed_at_startup_with_one_audit_event() {
        var fleet = fleet();
        var at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var operation = journal(fleet, "REVOKE", fleet.listedIds(), at);
        // what the steps committed before the kill: some rows of the operation's, no audit event
        revokeDirectly(fleet, fleet.listedIds().subList(0, 15), at, fleet.ownerId(), operation);

        try (var server = restart(fleet)) {
            assertThat(statuses(server, fleet.listedIds())).containsOnly("REVOKED");
            assertThat(server.count("SELECT COUNT(DISTINCT v.revoked_at) FROM tokens t JOIN token_revocations v ON v.token_id = t.id"
                    + " WHERE t.description LIKE 'listed-%'"))
                    .as("one revocation time, the operation's").isEqualTo(1);
            java.util.Set<String> revokedBy = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT v.revoked_by FROM tokens t LEFT JOIN token_revocations v ON v.token_id = t.id"
                    + " WHERE t.description LIKE 'listed-%'").mapTo(String.class).set());
            assertThat(revokedBy).containsExactly(fleet.ownerId());
            var event = onlyEventOf(server, operation);
            assertThat(event.action()).isEqualTo("token.revoked");
            assertThat(event.targetIds()).isEqualTo(String.join(" ", fleet.listedIds()));
            assertThat(event.actorName()).isEqualTo(TestServer.OWNER);
            assertThat(event.sourceIp()).isEqualTo("10.1.2.3");
            assertThat(journalRows(server)).isZero();
            assertThat(statuses(server, fleet.others().stream().map(SeedTokens.Seeded::id).toList())).containsOnly("ACTIVE");
            var revoked = Api.bearer(server, fleet.listed().get(LISTED - 1).value()).get("/api/configs");
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(Api.bearer(server, fleet.others().get(0).value()).get("/api/configs").statusCode()).isEqualTo(200);
        }
    }

    /**
     * V11: the rows a bulk revoke's committed steps wrote count for no reader while the operation is journaled, and
     * all at once when the last step deletes the journal, as if it were one transaction.
     */
    @Test
    void the_rows_of_a_journaled_revoke_count_only_once_its_journal_is_gone() {
        var fleet = fleet();
        var at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (var server = restart(fleet)) {
            var operation = journal(fleet, "REVOKE", fleet.listedIds(), at);
            var written = fleet.listedIds().subList(0, 15);
            revokeDirectly(fleet, written, at, fleet.ownerId(), operation);

            // one of them past its expiry: expired while its revocation does not count, revoked once it does
            TestDatabase.jdbi(fleet.database()).useHandle(h -> h.execute("UPDATE tokens SET expires_at = ? WHERE id = ?",
                    at.minusSeconds(60), written.get(1)));

            assertThat(statuses(server, fleet.listedIds())).containsOnly("ACTIVE");
            var admin = Api.bearer(server, Tokens.create(server, server.owner(), "reader", "full").value());
            assertThat(admin.get("/api/tokens?status=revoked").body()).contains("\"total\":0");
            assertThat(admin.get("/api/tokens/" + written.get(0)).body()).contains("\"status\":\"active\"");
            var metrics = admin.get("/metrics").body();
            assertThat(metrics).containsPattern("tokendesk_tokens\\{state=\"revoked\"\\} 0(\\.0)?\\n")
                    .containsPattern("tokendesk_tokens\\{state=\"expired\"\\} 1(\\.0)?\\n");
            assertThat(Api.bearer(server, fleet.listed().get(0).value()).get("/api/configs").statusCode())
                    .as("a token of a committed step still works").isEqualTo(200);

            // the last step: its own rows and the journal's deletion, in one transaction
            TestDatabase.jdbi(fleet.database()).useTransaction(h -> h.attach(BulkOperationDao.class).delete(operation));
            assertThat(statuses(server, written)).containsOnly("REVOKED");
            assertThat(statuses(server, fleet.listedIds().subList(15, LISTED))).containsOnly("ACTIVE");
            assertThat(admin.get("/api/tokens?status=revoked").body()).contains("\"total\":15");
            assertThat(admin.get("/metrics").body())
                    .containsPattern("tokendesk_tokens\\{state=\"revoked\"\\} 15(\\.0)?\\n")
                    .containsPattern("tokendesk_tokens\\{state=\"expired\"\\} 0(\\.0)?\\n");
        }
    }

    /**
     * A revoke a crash interrupted before V11 left rows without its id. V11 gives them its id (its time and actor
     * tell them apart, as recovery did before), so the completed operation's one event still names them.
     */
    @Test
    void a_revoke_interrupted_before_v11_is_completed_naming_the_tokens_it_had_revoked() {
        var database = TestDatabase.onServer() ? TestDatabase.empty() : TestDatabase.fresh();
        try {
            var dialect = Database.Dialect.of(database.url());
            org.flywaydb.core.Flyway.configure()
                    .dataSource(database.url(), database.user() == null ? "sa" : database.user(),
                            database.password() == null ? "" : database.password())
                    .locations(dialect.migrationLocations())
                    .target(dialect == Database.Dialect.H2 ? "9" : "10").load().migrate(); // the last before V11
            var jdbi = TestDatabase.jdbi(database);
            var adminId = Ids.random();
            jdbi.useHandle(h -> h.execute("INSERT INTO users (id, username, password_hash, role, created_at)"
                    + " VALUES (?, 'admin', 'unused', 'ADMINISTRATOR', ?)", adminId, Instant.now()));
            var listed = SeedTokens.active(jdbi, adminId, "listed", LISTED, "configs:read").stream()
                    .map(SeedTokens.Seeded::id).toList();
            var at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            var operation = Ids.random();
            jdbi.useTransaction(h -> BulkChanges.journal(h, new BulkOperation(operation, BulkOperation.Kind.REVOKE,
                    adminId, "admin", "10.1.2.3", listed, at)));
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO token_revocations (token_id, revoked_at, revoked_by)"
                            + " SELECT id, CAST(:at AS TIMESTAMP WITH TIME ZONE), CAST(:by AS CHAR(16)) FROM tokens"
                            + " WHERE id IN (<ids>)")
                    .bind("at", at).bind("by", adminId).bindList("ids", listed.subList(0, 15)).execute());

            try (var server = TestServer.sharing(database, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD))) {
                assertThat(statuses(server, listed)).containsOnly("REVOKED");
                assertThat(onlyEventOf(server, operation).targetIds()).isEqualTo(String.join(" ", listed));
                assertThat(journalRows(server)).isZero();
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    @Test
    void a_revoke_interrupted_before_any_row_changed_is_completed_and_names_only_the_tokens_it_revoked() {
        var fleet = fleet();
        var at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var operation = journal(fleet, "REVOKE", fleet.listedIds(), at);
        // another request revoked one of them after the journal was written: not ours to name
        var revokedByOther = fleet.listedIds().get(7);
        revokeDirectly(fleet, List.of(revokedByOther), at.minusSeconds(5), fleet.ownerId());

        try (var server = restart(fleet)) {
            assertThat(statuses(server, fleet.listedIds())).containsOnly("REVOKED");
            var expected = new ArrayList<>(fleet.listedIds());
            expected.remove(revokedByOther);
            assertThat(onlyEventOf(server, operation).targetIds()).isEqualTo(String.join(" ", expected));
            assertThat(journalRows(server)).isZero();
        }
    }

    @Test
    void a_delete_interrupted_after_part_of_its_rows_went_is_completed_at_startup_with_one_audit_event() {
        var fleet = fleet();
        var operation = journal(fleet, "DELETE", fleet.listedIds(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        TestDatabase.jdbi(fleet.database()).useHandle(h -> h.createUpdate("DELETE FROM tokens WHERE id IN (<ids>)")
                .bindList("ids", fleet.listedIds().subList(10, 30)).execute());

        try (var server = restart(fleet)) {
            assertThat(statuses(server, fleet.listedIds())).containsOnly("GONE");
            var event = onlyEventOf(server, operation);
            assertThat(event.action()).isEqualTo("token.deleted");
            assertThat(event.targetIds()).isEqualTo(String.join(" ", fleet.listedIds()));
            assertThat(journalRows(server)).isZero();
            assertThat(statuses(server, fleet.others().stream().map(SeedTokens.Seeded::id).toList())).containsOnly("ACTIVE");
        }
    }

    @Test
    void a_delete_that_committed_but_was_not_yet_unjournaled_gets_no_second_audit_event() {
        var fleet = fleet();
        String operation;
        try (var server = restart(fleet)) {
            var response = bulk(server, "delete", fleet.listedIds());
            assertThat(response.body()).isEqualTo("{\"deleted\":" + LISTED + "}");
            assertThat(journalRows(server)).as("un-journaled after the change committed").isZero();
            operation = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT operation_id FROM audit_events WHERE action = 'token.deleted'").mapTo(String.class).one());
            assertThat(operation).matches("[0-9a-f]{16}");
        }
        // the kill came between the last step's commit and the journal row's delete: put the row back as it was
        journal(fleet, operation, "DELETE", fleet.listedIds(), Instant.now());

        try (var server = restart(fleet)) {
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.deleted'")).isEqualTo(1);
            assertThat(onlyEventOf(server, operation).detail()).as("the event of the request itself").isNull();
            assertThat(statuses(server, fleet.listedIds())).containsOnly("GONE");
            assertThat(journalRows(server)).isZero();
        }
    }

    /** A change of one step (fewer tokens than a step holds) that fails rolls back whole and is not journaled. */
    @Test
    void a_change_that_fails_in_its_only_transaction_leaves_nothing_to_complete() {
        var fleet = fleet();
        var few = fleet.listedIds().subList(0, BulkChanges.DELETE_STEP);
        try (var server = restart(fleet)) {
            server.jdbi().useHandle(h -> h.execute(
                    "ALTER TABLE audit_events ADD CONSTRAINT no_delete_events CHECK (action <> 'token.deleted')"));
            assertThat(bulk(server, "delete", few).statusCode()).isEqualTo(500);
            assertThat(journalRows(server)).isZero();
            server.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_events DROP CONSTRAINT no_delete_events"));
        }
        try (var server = restart(fleet)) {
            assertThat(statuses(server, few)).containsOnly("ACTIVE");
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.deleted'")).isZero();
        }
    }

    @Test
    void journal_parts_a_crash_left_without_their_header_are_dropped_and_change_nothing() {
        var fleet = fleet();
        var id = Ids.random();
        TestDatabase.jdbi(fleet.database()).useHandle(h -> h.attach(BulkOperationDao.class).insertParts(id, List.of(0),
                List.of(String.join(" ", fleet.listedIds()))));

        try (var server = restart(fleet)) {
            assertThat(journalRows(server)).isZero();
            assertThat(statuses(server, fleet.listedIds())).containsOnly("ACTIVE");
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE operation_id IS NOT NULL")).isZero();
        }
    }

    /**
     * More tokens than one step of a delete holds, and a step after the first fails (a reference refuses one token's
     * deletion): on H2, where each step commits, the earlier steps stay and the operation stays journaled; the next
     * start completes it with one audit event. On PostgreSQL the change is one transaction and nothing of it stays.
     */
    @Test
    void a_delete_of_several_steps_that_fails_after_its_first_step_is_completed_by_the_next_start() {
        var fleet = fleet();
        int count = BulkChanges.DELETE_STEP * 2 + 10;
        List<String> many;
        try (var server = restart(fleet)) {
            many = SeedTokens.active(server.jdbi(), fleet.ownerId(), "many", count, "configs:read").stream()
                    .map(SeedTokens.Seeded::id).toList();
            var refused = many.stream().sorted().toList().get(BulkChanges.DELETE_STEP + 5); // in the second step
            server.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE pinned (token_id CHAR(16) REFERENCES tokens (id))");
                h.execute("INSERT INTO pinned (token_id) VALUES (?)", refused);
            });
            var response = bulk(server, "delete", many);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
            int left = server.count("SELECT COUNT(*) FROM tokens WHERE description LIKE 'many-%'");
            if (Database.Dialect.of(server.database().url()) == Database.Dialect.H2) {
                assertThat(left).as("the first step committed").isEqualTo(count - BulkChanges.DELETE_STEP);
                assertThat(journalRows(server)).as("still journaled").isPositive();
            } else {
                assertThat(left).isEqualTo(count);
                assertThat(journalRows(server)).isZero();
            }
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.deleted'")).isZero();
            server.jdbi().useHandle(h -> h.execute("DROP TABLE pinned"));
        }
        try (var server = restart(fleet)) {
            int left = server.count("SELECT COUNT(*) FROM tokens WHERE description LIKE 'many-%'");
            int events = server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.deleted'");
            if (Database.Dialect.of(server.database().url()) == Database.Dialect.H2) {
                assertThat(left).isZero();
                assertThat(events).isEqualTo(1);
                assertThat(server.count("SELECT target_count FROM audit_events WHERE action = 'token.deleted'"))
                        .as("names every token of the operation").isEqualTo(count);
            } else {
                assertThat(left).isEqualTo(count);
                assertThat(events).isZero();
            }
            assertThat(journalRows(server)).isZero();
        }
    }

    /**
     * Deleting a user who owns 5,000 tokens goes through the bulk delete's journal and steps. A step after the first
     * fails (a reference refuses one token's deletion): on H2 the earlier steps stay, the user is disabled at once
     * (none of their tokens works any more) and the operation stays journaled; the next start deletes the rest and
     * the user, with one "user deleted" event and no token events. On PostgreSQL it is one transaction and nothing
     * of it stays, not even the disabling.
     */
    @Test
    void deleting_a_user_with_5000_tokens_is_all_or_nothing_and_completed_by_the_next_start() {
        var fleet = fleet();
        int count = 5_000;
        String managerId;
        List<SeedTokens.Seeded> theirs;
        try (var server = restart(fleet)) {
            managerId = Users.create(server, server.owner(), "many-tokens", Role.MANAGER);
            theirs = SeedTokens.active(server.jdbi(), managerId, "theirs", count, "configs:read");
            var refused = theirs.stream().map(SeedTokens.Seeded::id).sorted().toList().get(BulkChanges.DELETE_STEP + 5);
            server.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE pinned (token_id CHAR(16) REFERENCES tokens (id))");
                h.execute("INSERT INTO pinned (token_id) VALUES (?)", refused);
            });
            var response = server.owner().post("/users/" + managerId + "/delete");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
            int left = server.count("SELECT COUNT(*) FROM tokens WHERE description LIKE 'theirs-%'");
            var stillWorks = Api.bearer(server, theirs.get(count - 1).value()).get("/api/configs").statusCode();
            if (Database.Dialect.of(server.database().url()) == Database.Dialect.H2) {
                assertThat(left).as("the first step committed").isEqualTo(count - BulkChanges.DELETE_STEP);
                assertThat(server.count("SELECT COUNT(*) FROM users WHERE id = '" + managerId + "' AND disabled"))
                        .as("disabled from the first step on").isEqualTo(1);
                assertThat(stillWorks).as("a token the steps have not reached yet").isEqualTo(401);
                assertThat(journalRows(server)).as("still journaled").isPositive();
            } else {
                assertThat(left).isEqualTo(count);
                assertThat(server.count("SELECT COUNT(*) FROM users WHERE id = '" + managerId + "' AND NOT disabled"))
                        .isEqualTo(1);
                assertThat(stillWorks).isEqualTo(200);
                assertThat(journalRows(server)).isZero();
            }
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action IN ('user.deleted', 'token.deleted')"))
                    .isZero();
            server.jdbi().useHandle(h -> h.execute("DROP TABLE pinned"));
        }
        try (var server = restart(fleet)) {
            int left = server.count("SELECT COUNT(*) FROM tokens WHERE description LIKE 'theirs-%'");
            int users = server.count("SELECT COUNT(*) FROM users WHERE id = '" + managerId + "'");
            if (Database.Dialect.of(server.database().url()) == Database.Dialect.H2) {
                assertThat(left).isZero();
                assertThat(users).isZero();
                var event = server.jdbi().withHandle(h -> h.createQuery("SELECT target_ids || ' ' || detail FROM audit_events"
                        + " WHERE action = 'user.deleted'").mapTo(String.class).list());
                assertThat(event).containsExactly(managerId + " many-tokens with 5000 tokens; interrupted; completed later");
            } else {
                assertThat(left).isEqualTo(count);
                assertThat(users).isEqualTo(1);
            }
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.deleted'")).isZero();
            assertThat(journalRows(server)).isZero();
            assertThat(statuses(server, fleet.listedIds())).as("other users' tokens").containsOnly("ACTIVE");
        }
    }

    /** A user without tokens is deleted by an operation that lists none: its one step ends it. */
    @Test
    void a_user_without_tokens_is_deleted_with_one_event() {
        var fleet = fleet();
        try (var server = restart(fleet)) {
            var viewerId = Users.create(server, server.owner(), "no-tokens", Role.VIEWER);
            var response = server.owner().post("/users/" + viewerId + "/delete");
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(server.count("SELECT COUNT(*) FROM users WHERE id = '" + viewerId + "'")).isZero();
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user.deleted'"
                    + " AND detail = 'no-tokens with 0 tokens'")).isEqualTo(1);
            assertThat(journalRows(server)).isZero();
        }
    }

    /**
     * The same for a revoke: more tokens than one step holds, and a step after the first fails (a constraint refuses
     * one token's revocation), and completing it at once fails the same way. On H2 the first step committed, but its
     * rows do not count while the operation is journaled, and they keep those tokens from being revoked again: the
     * next revoke completes the operation first, so it never answers that a token is revoked while it still works.
     * On PostgreSQL the change was one transaction and nothing of it stays.
     */
    @Test
    void a_revoke_of_several_steps_that_fails_after_its_first_step_is_completed_by_the_next_revoke() {
        var fleet = fleet();
        int count = BulkChanges.REVOKE_STEP * 2 + 50;
        try (var server = restart(fleet)) {
            var seeded = SeedTokens.active(server.jdbi(), fleet.ownerId(), "many", count, "configs:read");
            var inIdOrder = seeded.stream().sorted(java.util.Comparator.comparing(SeedTokens.Seeded::id)).toList();
            var refused = inIdOrder.get(BulkChanges.REVOKE_STEP + 10).id(); // in the second step
            server.jdbi().useHandle(h -> h.execute(
                    "ALTER TABLE token_revocations ADD CONSTRAINT refuse_one CHECK (token_id <> '" + refused + "')"));
            var response = bulk(server, "revoke", seeded.stream().map(SeedTokens.Seeded::id).toList());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
            assertThat(revokedMany(server)).as("nothing of it counts").isZero();
            var firstStep = inIdOrder.get(0);
            assertThat(Api.bearer(server, firstStep.value()).get("/api/configs").statusCode())
                    .as("a token of the first step still works").isEqualTo(200);
            boolean h2 = Database.Dialect.of(server.database().url()) == Database.Dialect.H2;
            int rows = server.count("SELECT COUNT(*) FROM token_revocations");
            assertThat(rows).as("the first step committed on H2 only").isEqualTo(h2 ? BulkChanges.REVOKE_STEP : 0);
            assertThat(journalRows(server) > 0).as("still journaled, on H2 only").isEqualTo(h2);
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.revoked'")).isZero();
            server.jdbi().useHandle(h -> h.execute("ALTER TABLE token_revocations DROP CONSTRAINT refuse_one"));

            // the next revoke: of a token of the first step, one by one
            var admin = Api.bearer(server, Tokens.create(server, server.owner(), "admin-2", "full").value());
            var single = admin.post("/api/tokens/" + firstStep.id() + "/revoke", "");
            assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
            assertThat(single.body()).contains("\"status\":\"revoked\"");
            assertThat(Api.bearer(server, firstStep.value()).get("/api/configs").statusCode()).isEqualTo(401);
            assertThat(journalRows(server)).isZero();
            var events = server.jdbi().withHandle(h -> h.createQuery("SELECT target_count FROM audit_events"
                    + " WHERE action = 'token.revoked'").mapTo(Integer.class).list());
            if (h2) {
                assertThat(revokedMany(server)).as("the operation completed first").isEqualTo(count);
                assertThat(events).as("its event names every token; the single revoke found its token revoked")
                        .containsExactly(count);
                assertThat(server.count("SELECT COUNT(DISTINCT revoked_at) FROM token_revocations"))
                        .as("one revocation time").isEqualTo(1);
            } else {
                assertThat(revokedMany(server)).isEqualTo(1);
                assertThat(events).containsExactly(1);
            }
        }
        try (var server = restart(fleet)) {
            assertThat(journalRows(server)).isZero();
            assertThat(revokedMany(server)).isEqualTo(Database.Dialect.of(server.database().url()) == Database.Dialect.H2 ? count : 1);
        }
    }

    private static int revokedMany(TestServer server) {
        return server.count("SELECT COUNT(*) FROM " + Tokens.WITH_STATUS + " WHERE description LIKE 'many-%'"
                + " AND status = 'REVOKED'");
    }

    /**
     * Two instances start while a third is still in the operation's own transaction (its journal header and the
     * token changes lock held, as a step holds them, its tokens revoked and its event written, not committed): they
     * wait for it, and neither writes a second event.
     */
    @Test
    void instances_starting_while_the_operation_still_runs_elsewhere_add_no_second_event() throws Exception {
        var fleet = fleet();
        var at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var operation = journal(fleet, "REVOKE", fleet.listedIds(), at);
        var audit = new Audit(Clock.systemUTC());
        var pool = Executors.newFixedThreadPool(2);
        try (var database = Database.open(fleet.database()); var live = database.jdbi().open()) {
            live.begin();
            var inIdOrder = fleet.listedIds().stream().sorted().toList();
            assertThat(live.attach(BulkOperationDao.class).lock(operation)).isPresent();
            live.attach(TokenDao.class).lockChanges();
            live.attach(TokenDao.class).revoke(inIdOrder, at, fleet.ownerId(), operation);
            audit.recordOperation(live, operation, fleet.ownerId(), TestServer.OWNER, null, AuditAction.TOKEN_REVOKED,
                    Audit.TOKENS, fleet.listedIds(), null);

            var starting = new ArrayList<Future<List<BulkOperation.Completed>>>();
            for (int i = 0; i < 2; i++) {
                var changes = new BulkChanges(database.jdbi(), audit, new AuthCache(), database.dialect());
                starting.add(pool.submit(changes::completeInterrupted));
            }
            Thread.sleep(300);
            assertThat(starting).as("waiting for the live transaction").noneMatch(Future::isDone);
            live.commit();
            var completed = new ArrayList<BulkOperation.Completed>();
            for (var start : starting) {
                completed.addAll(start.get(30, TimeUnit.SECONDS));
            }
            assertThat(completed).singleElement().satisfies(done -> {
                assertThat(done.changedNow()).isZero();
                assertThat(done.auditWritten()).isFalse();
            });
        } finally {
            pool.shutdownNow();
        }
        var jdbi = TestDatabase.jdbi(fleet.database());
        int events = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE operation_id = :id")
                .bind("id", operation).mapTo(Integer.class).one());
        assertThat(events).isEqualTo(1);
        int journaled = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM bulk_operations").mapTo(Integer.class).one());
        assertThat(journaled).isZero();
    }

    private static String journal(Fleet fleet, String kind, List<String> ids, Instant at) {
        var id = Ids.random();
        journal(fleet, id, kind, ids, at);
        return id;
    }

    private static void journal(Fleet fleet, String id, String kind, List<String> ids, Instant at) {
        TestDatabase.jdbi(fleet.database()).useTransaction(h -> BulkChanges.journal(h, new BulkOperation(id,
                BulkOperation.Kind.valueOf(kind), fleet.ownerId(), TestServer.OWNER, "10.1.2.3", ids, at)));
    }

    private static void revokeDirectly(Fleet fleet, List<String> ids, Instant at, String by) {
        revokeDirectly(fleet, ids, at, by, null);
    }

    /** Revocation rows as a step of the bulk operation {@code operation} writes them (null: a revoke of its own). */
    private static void revokeDirectly(Fleet fleet, List<String> ids, Instant at, String by, String operation) {
        TestDatabase.jdbi(fleet.database()).useHandle(h -> h.createUpdate("INSERT INTO token_revocations (token_id, revoked_at,"
                + " revoked_by, operation_id) SELECT id, CAST(:at AS TIMESTAMP WITH TIME ZONE), CAST(:by AS CHAR(16)),"
                + " CAST(:operation AS CHAR(16)) FROM tokens WHERE id IN (<ids>)")
                .bind("at", at).bind("by", by).bind("operation", operation).bindList("ids", ids).execute());
    }

    private record Event(String action, String actorName, String sourceIp, String targetIds, int targetCount,
            String detail) {
    }

    private static Event onlyEventOf(TestServer server, String operation) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT action, actor_name, source_ip, target_ids, target_count,"
                        + " detail FROM audit_events WHERE operation_id = :id")
                .bind("id", operation)
                .map((rs, ctx) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6)))
                .list()).stream().reduce((a, b) -> {
                    throw new AssertionError("more than one audit event of " + operation);
                }).orElseThrow(() -> new AssertionError("no audit event of " + operation));
    }

    /** POST /api/tokens/bulk/{action} for the ids, with a full-access token of the owner's made for it. */
    private static java.net.http.HttpResponse<String> bulk(TestServer server, String action, List<String> ids) {
        var admin = Api.bearer(server, Tokens.create(server, server.owner(), "admin", "full").value());
        var quoted = ids.stream().map(id -> "\"" + id + "\"").toList();
        return admin.post("/api/tokens/bulk/" + action, "{\"ids\":" + quoted + "}");
    }

    private static int journalRows(TestServer server) {
        return server.count("SELECT (SELECT COUNT(*) FROM bulk_operations) + (SELECT COUNT(*) FROM bulk_operation_parts)");
    }

    private static List<String> statuses(TestServer server, List<String> ids) {
        return ids.stream().map(id -> Tokens.statusOf(server, id)).toList();
    }

    private static String ownerId(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'").mapTo(String.class).one());
    }
}
