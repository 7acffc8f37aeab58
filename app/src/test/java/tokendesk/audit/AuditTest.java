package tokendesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

class AuditTest {
    record Row(String actor, String action, String targets, int count, String outcome, String ip, String detail) {
    }

    static List<Row> events(TestServer server, String action) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT actor_name, action, target_ids, target_count, outcome,"
                        + " source_ip, detail FROM audit_events WHERE action = :action ORDER BY id")
                .bind("action", action)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .list());
    }

    @Test
    void every_token_change_is_one_event_with_actor_targets_outcome_and_address() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var first = Tokens.create(server, owner, "first", "full");
            var second = Tokens.create(server, owner, "second");
            var third = Tokens.create(server, owner, "third");
            assertThat(events(server, "token.created")).hasSize(3).first()
                    .isEqualTo(new Row("owner", "token.created", first.id(), 1, "success", "127.0.0.1", "first"));

            var api = Api.bearer(server, first.value());
            var viaFirst = "owner via token " + first.id(); // what is done with a token names it beside its owner
            var ids = "[\"" + second.id() + "\",\"" + third.id() + "\"]";
            assertThat(api.post("/api/tokens/bulk/revoke", "{\"ids\":" + ids + "}").statusCode()).isEqualTo(200);
            assertThat(events(server, "token.revoked"))
                    .containsExactly(new Row(viaFirst, "token.revoked", second.id() + " " + third.id(), 2, "success", "127.0.0.1", null));

            var mel = Users.create(server, owner, "mel", Role.MANAGER);
            var moved = api.post("/api/tokens/" + second.id() + "/reassign", "{\"userId\":\"" + mel + "\"}");
            assertThat(moved.statusCode()).isEqualTo(200);
            assertThat(events(server, "token.reassigned")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("to mel; dropped users:read, settings:read"));

            // a delete keeps who deleted which id, and nothing else of the token
            assertThat(api.delete("/api/tokens/" + second.id()).statusCode()).isEqualTo(204);
            assertThat(events(server, "token.deleted"))
                    .containsExactly(new Row(viaFirst, "token.deleted", second.id(), 1, "success", "127.0.0.1", null));
            assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE token_id = '" + second.id() + "'")).isZero();
            assertThat(Tokens.statusOf(server, second.id())).isEqualTo("GONE");

            // a refused change leaves no event
            assertThat(api.post("/api/tokens/bulk/revoke", "{\"ids\":[\"" + first.id() + "\",\"0000000000000000\"]}")
                    .statusCode()).isEqualTo(404);
            assertThat(events(server, "token.revoked")).hasSize(1);
            var raw = server.count("SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%tc-apiv1_%' OR target_ids LIKE '%tc-apiv1_%'");
            assertThat(raw).as("no token value in the audit trail").isZero();
        }
    }

    @Test
    void user_changes_and_sign_ins_are_events() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(events(server, "sign-in")).containsExactly(
                    new Row("owner", "sign-in", events(server, "sign-in").get(0).targets(), 1, "success", "127.0.0.1", null));
            var bob = Users.create(server, owner, "bob", Role.VIEWER);
            assertThat(owner.post("/users/" + bob + "/role", "role", "MANAGER").statusCode()).isLessThan(400);
            assertThat(owner.post("/users/" + bob + "/disable").statusCode()).isLessThan(400);
            assertThat(owner.post("/users/" + bob + "/enable").statusCode()).isLessThan(400);
            assertThat(owner.post("/users/" + bob + "/password", "password", "another long password").statusCode()).isLessThan(400);

            var stranger = server.client();
            assertThat(stranger.signIn("bob", "not the password").statusCode()).isEqualTo(401);
            assertThat(stranger.signIn("my secret password", "typed in the wrong field").statusCode()).isEqualTo(401);
            assertThat(events(server, "sign-in")).extracting(Row::actor, Row::outcome, Row::detail).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("owner", "success", null),
                    org.assertj.core.groups.Tuple.tuple("bob", "failure", "wrong password"),
                    org.assertj.core.groups.Tuple.tuple("(unknown)", "failure", "unknown username"));
            assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE COALESCE(actor_name, '')"
                    + " || COALESCE(detail, '') LIKE '%my secret%'")).as("a name that matches no user is not recorded").isZero();

            var ann = Users.create(server, owner, "ann", Role.ADMINISTRATOR);
            assertThat(owner.post("/users/" + bob + "/delete").statusCode()).isLessThan(400);
            assertThat(owner.post("/users/" + ann + "/transfer").statusCode()).isLessThan(400);

            assertThat(events(server, "user.created")).extracting(Row::detail)
                    .containsExactly("owner as Owner (first run)", "bob as Viewer", "ann as Administrator");
            assertThat(events(server, "user.role-changed")).extracting(Row::detail).containsExactly("bob from Viewer to Manager");
            assertThat(events(server, "user.disabled")).extracting(Row::targets).containsExactly(bob);
            assertThat(events(server, "user.enabled")).extracting(Row::targets).containsExactly(bob);
            assertThat(events(server, "user.password-reset")).extracting(Row::detail).containsExactly("bob");
            assertThat(events(server, "user.deleted")).extracting(Row::targets, Row::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(bob, "bob with 0 tokens"));
            assertThat(events(server, "ownership.transferred")).extracting(Row::actor, Row::targets, Row::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("owner", ann, "from owner to ann"));
        }
    }

    @Test
    void a_change_and_its_event_commit_together_or_not_at_all() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "kept", "full");
            // the audit write of a delete fails: the delete must not happen either
            server.jdbi().useHandle(h -> h.execute(
                    "ALTER TABLE audit_events ADD CONSTRAINT no_delete_events CHECK (action <> 'token.deleted')"));
            var response = Api.bearer(server, token.value()).delete("/api/tokens/" + token.id());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(Tokens.statusOf(server, token.id())).isEqualTo("ACTIVE");
            assertThat(events(server, "token.deleted")).isEmpty();
        }
    }

    @Test
    void startup_provisioning_is_recorded_as_the_system() {
        var value = "tc-apiv1_" + "ab".repeat(32);
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD).withOwnerToken(value))) {
            assertThat(events(server, "bootstrap.provisioned")).singleElement().satisfies(e -> {
                assertThat(e.actor()).isNull();
                assertThat(e.ip()).isNull();
                assertThat(e.detail()).isEqualTo("bootstrap-token for owner from OWNER_TOKEN");
            });
        }
    }

    @Test
    void behind_a_trusted_proxy_the_forwarded_address_is_recorded() {
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD).withTrustProxy(true))) {
            var token = Tokens.create(server, server.owner(), "proxied", "full");
            var api = Api.withHeader(server, "Bearer " + token.value());
            var response = api.send("DELETE", "/api/tokens/" + token.id(), null, "X-Forwarded-For", "203.0.113.9, 198.51.100.7");
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(events(server, "token.deleted")).extracting(Row::ip).containsExactly("198.51.100.7");
        }
    }
}
