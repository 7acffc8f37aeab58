package tokendesk.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import tokendesk.shared.NotAllowed;

/** The user rules without a database: names, passwords, and who may give which role to whom. */
class UserRulesTest {
    private static final User OWNER = user("0000000000000001", Role.OWNER);
    private static final User ADMIN = user("0000000000000002", Role.ADMINISTRATOR);
    private static final User OTHER_ADMIN = user("0000000000000004", Role.ADMINISTRATOR);
    private static final User MANAGER = user("0000000000000003", Role.MANAGER);

    @Test
    void names_and_passwords_have_their_limits() {
        assertThat(UserRules.usernameProblem("ann.o-k@x_1")).isEmpty();
        assertThat(UserRules.usernameProblem(" ")).hasValue("Username is required.");
        assertThat(UserRules.usernameProblem("a b")).isPresent();
        assertThat(UserRules.usernameProblem("x".repeat(65))).isPresent();
        assertThat(UserRules.passwordProblem("x".repeat(11))).hasValue("Password must be at least 12 characters.");
        assertThat(UserRules.passwordProblem("x".repeat(12))).isEmpty();
        assertThat(UserRules.passwordProblem("x".repeat(1025))).hasValue("Password must be at most 1024 characters.");
    }

    @Test
    void the_owner_gives_any_role_but_owner_an_administrator_only_manager_and_viewer() {
        assertThat(UserRules.assignableRoles(OWNER)).containsExactly(Role.ADMINISTRATOR, Role.MANAGER, Role.VIEWER);
        assertThat(UserRules.assignableRoles(ADMIN)).containsExactly(Role.MANAGER, Role.VIEWER);
        assertThat(UserRules.assignableRoles(MANAGER)).isEmpty();
        var errors = new LinkedHashMap<String, String>();
        assertThat(UserRules.roleProblem(ADMIN, "ADMINISTRATOR", errors)).isNull();
        assertThat(errors).containsEntry("role", "Your role (Administrator) cannot make someone Administrator.");
        assertThat(UserRules.roleProblem(OWNER, "administrator", new LinkedHashMap<>())).isEqualTo(Role.ADMINISTRATOR);
    }

    @Test
    void nobody_changes_the_owner_or_themselves_and_only_the_owner_changes_an_administrator() {
        assertThat(UserRules.mayManage(OWNER, OTHER_ADMIN.id(), Role.ADMINISTRATOR)).isTrue();
        assertThat(UserRules.mayManage(ADMIN, OTHER_ADMIN.id(), Role.ADMINISTRATOR)).isFalse();
        assertThat(UserRules.mayManage(ADMIN, MANAGER.id(), Role.MANAGER)).isTrue();
        assertThat(UserRules.mayManage(ADMIN, OWNER.id(), Role.OWNER)).isFalse();
        assertThat(UserRules.mayManage(ADMIN, ADMIN.id(), Role.ADMINISTRATOR)).isFalse();
        assertThat(UserRules.mayManage(MANAGER, ADMIN.id(), Role.VIEWER)).isFalse();
        assertThatThrownBy(() -> UserRules.requireManageable(ADMIN, OWNER, "delete")).isInstanceOf(NotAllowed.class)
                .hasMessage("Nobody can delete the owner.");
        assertThatThrownBy(() -> UserRules.requireManageable(ADMIN, ADMIN, "disable")).isInstanceOf(NotAllowed.class)
                .hasMessage("You cannot disable your own account.");
        assertThatThrownBy(() -> UserRules.requireManageable(ADMIN, OTHER_ADMIN, "delete")).isInstanceOf(NotAllowed.class)
                .hasMessage("Only the owner can change an Administrator.");
        assertThatThrownBy(() -> UserRules.requireUserAdmin(MANAGER)).isInstanceOf(NotAllowed.class);
    }

    private static User user(String id, Role role) {
        return new User(id, role.name().toLowerCase(), "unused", role, false, 0, null, Instant.EPOCH, 1);
    }
}
