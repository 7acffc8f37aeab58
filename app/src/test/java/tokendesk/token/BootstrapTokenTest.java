package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokendesk.Config;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/** Every row of the OWNER_TOKEN lifecycle (SPEC §4.8); a restart is a new App on the same H2 file. */
class BootstrapTokenTest {
    private static final String FIRST = "tc-apiv1_" + "1a".repeat(32);
    private static final String SECOND = "tc-apiv1_" + "2b".repeat(32);

    @TempDir
    Path dir;

    private TestServer start(String ownerToken) {
        return TestServer.start(c -> {
            var config = c.withDatabaseUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE")
                    .withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD);
            return ownerToken == null ? config : config.withOwnerToken(ownerToken);
        });
    }

    private static List<String> rows(TestServer server) {
        return server.jdbi().withHandle(h -> h.createQuery(
                "SELECT description || ' ' || status || ' ' || source FROM " + Tokens.WITH_STATUS + " ORDER BY created_at, description")
                .mapTo(String.class).list());
    }

    @Test
    void it_is_provisioned_once_for_the_owner_with_full_access_and_no_expiry() {
        try (var server = start(FIRST)) {
            assertThat(rows(server)).containsExactly("bootstrap-token ACTIVE BOOTSTRAP");
            assertThat(server.count("SELECT COUNT(*) FROM tokens t JOIN users u ON u.id = t.owner_id"
                    + " WHERE u.role = 'OWNER' AND t.expires_at IS NULL AND t.permissions LIKE '%settings:write%'")).isEqualTo(1);
            assertThat(Api.bearer(server, FIRST).get("/api/tokens").statusCode()).isEqualTo(200);
            var detail = server.owner().get("/tokens/" + Tokens.idOf(server, "bootstrap-token")).body();
            assertThat(detail).contains("Env/flag-provided");
            assertThat(server.owner().get("/tokens/" + Tokens.idOf(server, "bootstrap-token") + "/delete").body())
                    .contains("comes back at the next start while");
        }
        try (var server = start(FIRST)) {
            assertThat(rows(server)).as("same value: no-op").containsExactly("bootstrap-token ACTIVE BOOTSTRAP");
        }
        try (var server = start(null)) {
            assertThat(rows(server)).as("variable removed: no-op").containsExactly("bootstrap-token ACTIVE BOOTSTRAP");
            assertThat(Api.bearer(server, FIRST).get("/api/tokens").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_changed_value_is_provisioned_and_the_previous_one_revoked() {
        try (var server = start(FIRST)) {
            assertThat(rows(server)).hasSize(1);
        }
        try (var server = start(SECOND)) {
            assertThat(rows(server)).containsExactly("bootstrap-token REVOKED BOOTSTRAP", "bootstrap-token-1 ACTIVE BOOTSTRAP");
            assertThat(Api.bearer(server, FIRST).get("/api/tokens").statusCode()).isEqualTo(401);
            assertThat(Api.bearer(server, SECOND).get("/api/tokens").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void revoked_by_hand_stays_revoked_and_deleted_by_hand_comes_back() {
        try (var server = start(FIRST)) {
            server.owner().post("/tokens/" + Tokens.idOf(server, "bootstrap-token") + "/revoke");
        }
        try (var server = start(FIRST)) {
            assertThat(rows(server)).containsExactly("bootstrap-token REVOKED BOOTSTRAP");
            assertThat(Api.bearer(server, FIRST).get("/api/tokens").statusCode()).isEqualTo(401);
            server.owner().post("/tokens/" + Tokens.idOf(server, "bootstrap-token") + "/delete");
            assertThat(rows(server)).isEmpty();
        }
        try (var server = start(FIRST)) {
            assertThat(rows(server)).containsExactly("bootstrap-token ACTIVE BOOTSTRAP");
            assertThat(Api.bearer(server, FIRST).get("/api/tokens").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_value_already_held_by_another_token_is_left_alone() {
        try (var server = start(null)) {
            server.owner().post("/tokens", "description", "hand-made", "expiration", "never", "preset", "read",
                    "tokenString", FIRST);
            assertThat(rows(server)).containsExactly("hand-made ACTIVE UI");
        }
        try (var server = start(FIRST)) {
            assertThat(rows(server)).containsExactly("hand-made ACTIVE UI");
        }
    }

    @Test
    void without_an_owner_it_is_skipped_until_one_exists() {
        var url = "jdbc:h2:file:" + dir.resolve("db2") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (var server = TestServer.start(c -> c.withDatabaseUrl(url).withOwnerToken(FIRST))) {
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
        try (var server = TestServer.start(c -> c.withDatabaseUrl(url).withOwnerToken(FIRST)
                .withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD))) {
            assertThat(rows(server)).containsExactly("bootstrap-token ACTIVE BOOTSTRAP");
        }
    }

    @Test
    void a_malformed_owner_token_is_ignored_with_a_warning_that_does_not_echo_it() {
        var config = Config.fromEnv(java.util.Map.of("OWNER_TOKEN", "tc-apiv1_secret-but-wrong"));
        assertThat(config.ownerToken()).isNull();
        assertThat(config.toString()).doesNotContain("secret-but-wrong");
    }
}
