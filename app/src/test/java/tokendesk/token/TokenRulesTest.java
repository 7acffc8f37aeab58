package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.permission.PermissionSet;
import tokendesk.shared.NotAllowed;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Role;
import tokendesk.user.User;
import tokendesk.user.ViaToken;

/** The token rules without a database: what a new token may be, who sees and changes which tokens. */
class TokenRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final User OWNER = user("0000000000000001", Role.OWNER);
    private static final User MANAGER = user("0000000000000002", Role.MANAGER);
    private static final User VIEWER = user("0000000000000003", Role.VIEWER);
    private static final String VALUE = "tc-apiv1_" + "ab".repeat(32);

    @Test
    void a_valid_request_has_no_problems() {
        assertThat(problems(OWNER, request("ci", List.of("configs:read"), NOW.plusSeconds(60), null), null, true)).isEmpty();
    }

    @Test
    void each_broken_rule_is_a_message_next_to_its_field() {
        var problems = problems(MANAGER, request(" \t", List.of("users:read"), NOW, "tc-apiv1_short"), null, true);
        assertThat(problems).containsOnlyKeys("description", "permissions", "expiration", "tokenString");
        assertThat(problems.get("description")).isEqualTo("Description is required.");
        assertThat(problems.get("permissions")).isEqualTo("Your role (Manager) cannot grant users:read.");
        assertThat(problems.get("expiration")).isEqualTo("Expiration must be in the future.");
        assertThat(problems(OWNER, request("x".repeat(256), List.of("nonsense"), null, null), null, true))
                .containsEntry("description", "Description must be at most 255 characters.")
                .containsEntry("permissions", "Unknown permission: nonsense.");
        assertThat(problems(OWNER, request("a\u0007b", List.of(), null, null), null, true))
                .containsEntry("description", "Description must not contain control characters.")
                .containsEntry("permissions", "Choose at least one permission.");
    }

    @Test
    void a_token_grants_no_more_than_the_token_that_creates_it() {
        var limit = PermissionSet.of(tokendesk.permission.Permission.parse("tokens:write").orElseThrow());
        assertThat(problems(OWNER, request("child", List.of("configs:read"), null, null), via(limit, null), true))
                .containsEntry("permissions", "This API token cannot grant configs:read: a token only grants what it has.");
    }

    @Test
    void a_token_created_by_a_token_never_expires_later_than_that_token() {
        var week = NOW.plus(java.time.Duration.ofDays(7));
        var maker = via(PermissionSet.ALL, week);
        var forever = request("child", List.of("configs:read"), null, null);
        assertThat(problems(OWNER, forever, maker, true)).isEmpty();
        assertThat(TokenRules.expiresAt(forever, maker)).as("gets its maker's expiry").isEqualTo(week);
        assertThat(TokenRules.expiresAt(forever, null)).as("a session's request as asked").isNull();
        assertThat(problems(OWNER, request("later", List.of("configs:read"), week.plusSeconds(1), null), maker, true))
                .containsEntry("expiration", "This API token expires at 2026-12-10T12:00:00Z: a token it creates must expire by then.");
        assertThat(problems(OWNER, request("sooner", List.of("configs:read"), week, null), maker, true)).isEmpty();
        assertThat(problems(OWNER, forever, via(PermissionSet.ALL, null), true)).isEmpty();
    }

    @Test
    void a_pre_shared_value_is_refused_when_the_server_disables_them_and_invalid_otherwise() {
        var disabled = problems(OWNER, request("ps", List.of("configs:read"), null, VALUE), null, false);
        assertThat(TokenRules.broken(disabled, false).kind()).isEqualTo(RuleBroken.Kind.REFUSED);
        assertThat(TokenRules.broken(disabled, false).code()).isEqualTo("preshared_tokens_disabled");
        var malformed = problems(OWNER, request("ps", List.of("configs:read"), null, VALUE.toUpperCase()), null, true);
        assertThat(TokenRules.broken(malformed, true).kind()).isEqualTo(RuleBroken.Kind.INVALID);
    }

    @Test
    void owners_and_administrators_see_every_token_a_manager_only_their_own_a_viewer_manages_none() {
        assertThat(TokenRules.scope(OWNER)).isNull();
        assertThat(TokenRules.scope(MANAGER)).isEqualTo(MANAGER.id());
        assertThatThrownBy(() -> TokenRules.requireManager(VIEWER)).isInstanceOf(NotAllowed.class)
                .hasMessage("Your role (Viewer) cannot manage tokens.");
        assertThatThrownBy(() -> TokenRules.requireReassigner(MANAGER)).isInstanceOf(NotAllowed.class);
        TokenRules.requireReassigner(OWNER);
    }

    @Test
    void bulk_ids_are_checked_deduplicated_and_never_echoed_as_a_token_value() {
        assertThat(TokenRules.checkedIds(List.of("0123456789abcdef", "0123456789abcdef"))).containsExactly("0123456789abcdef");
        assertThatThrownBy(() -> TokenRules.checkedIds(List.of())).isInstanceOf(RuleBroken.class)
                .hasMessage("Select at least one token.");
        assertThatThrownBy(() -> TokenRules.checkedIds(List.of(VALUE, "x\u0000y"))).isInstanceOf(RuleBroken.class)
                .hasMessage("Not a token id: (malformed), x?y.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
        assertThatThrownBy(() -> TokenRules.refuseMissing(List.of("a", "b"), "a"::equals)).isInstanceOf(NotFound.class)
                .hasMessage("No token with id b; nothing was changed.");
    }

    private static java.util.Map<String, String> problems(User actor, NewToken request, ViaToken via, boolean preshared) {
        return TokenRules.problems(actor, request, via, NOW, preshared, TokenPolicy.NONE);
    }

    private static ViaToken via(PermissionSet permissions, Instant expiresAt) {
        return new ViaToken("00000000000000aa", permissions, expiresAt);
    }

    private static NewToken request(String description, List<String> permissions, Instant expiresAt, String raw) {
        return new NewToken(description, permissions, expiresAt, raw, TokenSource.API);
    }

    private static User user(String id, Role role) {
        return new User(id, role.name().toLowerCase(), "unused", role, false, 0, null, NOW, 1);
    }
}
