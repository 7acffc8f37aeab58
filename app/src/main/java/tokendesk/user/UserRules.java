package tokendesk.user;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.Resource;
import tokendesk.shared.NotAllowed;

/** The user rules that need no database: names, passwords, and who may give which role to whom. */
public final class UserRules {
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 1024;
    public static final int MAX_USERNAME = 64;
    private static final Permission MANAGE_USERS = Permission.of(Resource.USERS, Action.WRITE);
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{1," + MAX_USERNAME + "}$");

    private UserRules() {
    }

    public static Optional<String> usernameProblem(String username) {
        if (username == null || username.isBlank()) {
            return Optional.of("Username is required.");
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of("Username must be 1–64 letters, digits, or . _ @ -");
        }
        return Optional.empty();
    }

    public static Optional<String> passwordProblem(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return Optional.of("Password must be at least " + MIN_PASSWORD + " characters.");
        }
        if (password.length() > MAX_PASSWORD) {
            return Optional.of("Password must be at most " + MAX_PASSWORD + " characters.");
        }
        return Optional.empty();
    }

    /** The roles {@code actor} may give: the Owner any but Owner; an Administrator only Manager and Viewer. */
    public static List<Role> assignableRoles(User actor) {
        return switch (actor.role()) {
            case OWNER -> List.of(Role.ADMINISTRATOR, Role.MANAGER, Role.VIEWER);
            case ADMINISTRATOR -> List.of(Role.MANAGER, Role.VIEWER);
            default -> List.of();
        };
    }

    /** The role named, if {@code actor} may give it; otherwise null, with the reason put in {@code errors}. */
    static Role roleProblem(User actor, String roleName, Map<String, String> errors) {
        var role = Role.fromName(roleName == null ? "" : roleName);
        if (role.isEmpty()) {
            errors.put("role", "Choose a role.");
            return null;
        }
        if (!assignableRoles(actor).contains(role.get())) {
            errors.put("role", "Your role (" + actor.role().label() + ") cannot make someone " + role.get().label() + ".");
            return null;
        }
        return role.get();
    }

    static void requireUserAdmin(User actor) {
        if (!actor.role().ceiling().allows(MANAGE_USERS)) {
            throw new NotAllowed("Your role (" + actor.role().label() + ") cannot manage users.");
        }
    }

    /**
     * Whether {@code actor} may change the user {@code targetId} with role {@code targetRole}: never the owner, never
     * oneself, an Administrator only by the owner.
     */
    public static boolean mayManage(User actor, String targetId, Role targetRole) {
        return actor.role().ceiling().allows(MANAGE_USERS) && targetRole != Role.OWNER && !targetId.equals(actor.id())
                && (targetRole != Role.ADMINISTRATOR || actor.role() == Role.OWNER);
    }

    /** Why {@code actor} may not {@code verb} the user {@code target}, as mayManage decides it. */
    static void requireManageable(User actor, User target, String verb) {
        if (target.role() == Role.OWNER) {
            throw new NotAllowed("Nobody can " + verb + " the owner" + (verb.equals("change the role of")
                    ? "; transfer ownership instead." : "."));
        }
        if (target.id().equals(actor.id())) {
            throw new NotAllowed("You cannot " + verb + " your own account.");
        }
        if (target.role() == Role.ADMINISTRATOR && actor.role() != Role.OWNER) {
            throw new NotAllowed("Only the owner can change an Administrator.");
        }
    }
}
