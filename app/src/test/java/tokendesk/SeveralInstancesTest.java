package tokendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.AtOnce;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.token.TokenValues;

/**
 * Issue 8: two instances (two Apps, two ports) on one PostgreSQL database, as behind a load balancer. Runs when the
 * suite runs on PostgreSQL ({@code TEST_DATABASE_URL}); an in-memory H2 belongs to one process.
 */
class SeveralInstancesTest {

    @BeforeEach
    void onPostgresql() {
        assumeTrue(TestDatabase.onServer(), "needs TEST_DATABASE_URL (a PostgreSQL server)");
    }

    @Test
    void a_token_made_on_one_instance_works_on_the_other_and_a_revoke_or_delete_there_ends_it_at_once() {
        try (var a = TestServer.withOwner(); var b = TestServer.sharing(a.database(), c -> c)) {
            var owner = a.owner();
            var admin = Api.bearer(a, Tokens.create(a, owner, "admin", "full").value());
            for (var change : List.of("revoke", "delete")) {
                var agent = Tokens.create(a, owner, "agent-" + change, "full");
                var onB = Api.bearer(b, agent.value());
                for (int i = 0; i < 5; i++) {
                    assertThat(onB.get("/api/v2/me").statusCode()).as("used on B before the %s", change).isEqualTo(200);
                }
                var answer = change.equals("revoke") ? admin.post("/api/tokens/" + agent.id() + "/revoke", null)
                        : admin.delete("/api/tokens/" + agent.id());
                assertThat(answer.statusCode()).as("%s on A: %s", change, answer.body()).isBetween(200, 204);
                assertThat(onB.get("/api/v2/me").statusCode()).as("the very next request on B after the %s", change)
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void a_sign_in_form_and_a_device_cookie_of_one_instance_are_honoured_by_the_other() {
        try (var a = TestServer.withOwner(); var b = TestServer.sharing(a.database(), c -> c)) {
            var browser = a.client();
            assertThat(browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(303);
            var ownerId = a.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'")
                    .mapTo(String.class).one());
            var device = tokendesk.user.DeviceCookie.NAME_PREFIX + ownerId;
            var deviceCookie = browser.cookie(device);
            assertThat(deviceCookie).isNotNull();
            for (int i = 0; i < 5; i++) {
                b.client().signIn(TestServer.OWNER, "guess " + i);
            }
            assertThat(b.client().signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(401);

            // the form shown by A, posted to B with the device cookie A gave: one secret, one count, in the database
            var formToken = a.client().csrf();
            var signIn = b.client().raw("POST", "/login", "application/x-www-form-urlencoded", "username=" + TestServer.OWNER
                    + "&password=" + TestServer.OWNER_PASSWORD.replace(' ', '+') + "&_csrf=" + formToken,
                    "Cookie", tokendesk.web.SignInCsrf.COOKIE + "=" + formToken + "; " + device + "=" + deviceCookie);
            assertThat(signIn.statusCode()).isEqualTo(303);
        }
    }

    @Test
    void bulk_changes_on_both_instances_at_once_are_each_all_or_nothing() throws Exception {
        try (var a = TestServer.withOwner(); var b = TestServer.sharing(a.database(), c -> c)) {
            var ownerId = a.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'")
                    .mapTo(String.class).one());
            var onA = Api.bearer(a, Tokens.create(a, a.owner(), "admin-a", "full").value());
            var onB = Api.bearer(b, Tokens.create(a, a.owner(), "admin-b", "full").value());
            for (int round = 1; round <= 3; round++) {
                var ids = SeedTokens.active(a.jdbi(), ownerId, "fleet-" + round, 3_000, "configs:read").stream()
                        .map(SeedTokens.Seeded::id).toList();
                var toRevoke = ids.subList(0, 2_000);
                var toDelete = ids.subList(1_000, 3_000);

                var answers = AtOnce.run(() -> onA.post("/api/tokens/bulk/revoke", idsJson(toRevoke)),
                        () -> onB.post("/api/tokens/bulk/delete", idsJson(toDelete)));

                var revoke = answers.get(0);
                var delete = answers.get(1);
                assertThat(delete.statusCode()).as("delete on B: %s", delete.body()).isEqualTo(200);
                var prefix = "fleet-" + round + "-%";
                var left = a.jdbi().withHandle(h -> h.createQuery("SELECT status FROM " + Tokens.WITH_STATUS + " WHERE description LIKE :p")
                        .bind("p", prefix).mapTo(String.class).list());
                assertThat(left).as("the deleted selection is gone, all of it").hasSize(1_000);
                if (revoke.statusCode() == 200) {
                    assertThat(left).as("the revoke on A went first and revoked all it could").containsOnly("REVOKED");
                } else {
                    assertThat(revoke.statusCode()).as("revoke on A: %s", revoke.body()).isEqualTo(404);
                    assertThat(left).as("the delete went first; the revoke changed nothing").containsOnly("ACTIVE");
                }
            }
        }
    }

    @Test
    void the_owner_and_the_bootstrap_token_are_provisioned_once_when_two_instances_start_together() throws Exception {
        for (int round = 1; round <= 3; round++) {
            var database = TestDatabase.fresh();
            var ownerToken = TokenValues.generate();
            var servers = new ArrayList<TestServer>();
            try {
                var started = AtOnce.run(
                        () -> TestServer.sharing(database, c -> c.withOwner("owner", "owner password 1")
                                .withOwnerToken(ownerToken)),
                        () -> TestServer.sharing(database, c -> c.withOwner("owner", "owner password 1")
                                .withOwnerToken(ownerToken)));
                servers.addAll(started);
                var jdbi = TestDatabase.jdbi(database);
                assertThat(count(jdbi, "SELECT COUNT(*) FROM users")).isEqualTo(1);
                assertThat(count(jdbi, "SELECT COUNT(*) FROM tokens WHERE source = 'BOOTSTRAP'")).isEqualTo(1);
                assertThat(count(jdbi, "SELECT COUNT(*) FROM audit_events WHERE action = 'bootstrap.provisioned'"))
                        .isEqualTo(1);
                for (var server : started) {
                    assertThat(Api.bearer(server, ownerToken).get("/api/v2/me").statusCode()).isEqualTo(200);
                }
            } finally {
                servers.forEach(TestServer::close);
                TestDatabase.drop(database);
            }
        }
    }

    private static int count(org.jdbi.v3.core.Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static String idsJson(List<String> ids) {
        return ids.stream().collect(Collectors.joining("\",\"", "{\"ids\":[\"", "\"]}"));
    }
}
