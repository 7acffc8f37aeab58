package tokendesk.user;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import tokendesk.Ids;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.Resource;
import tokendesk.web.Forbidden;
import tokendesk.web.InvalidInput;
import tokendesk.web.NotFound;

/** Accounts: first-run setup, sign-in with lockout, lookups. */
public final class UserService {
    /** The actor of a failed sign-in with a name that matches no user. */
    public static final String UNKNOWN_USER = "(unknown)";
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 1024;
    private static final Permission MANAGE_USERS = Permission.of(Resource.USERS, Action.WRITE);
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final int maxAttempts;
    private final Duration lockout;
    private final Runnable accessChanged;
    private final Audit audit;
    private volatile boolean ownerKnownToExist;

    /** {@code accessChanged} runs after every change to a user, so cached token authentications are re-read. */
    public UserService(Jdbi jdbi, Clock clock, PasswordHasher hasher, int maxAttempts, Duration lockout,
            Runnable accessChanged, Audit audit) {
        this.accessChanged = accessChanged;
        this.audit = audit;
        this.jdbi = jdbi;
        this.clock = clock;
        this.hasher = hasher;
        this.maxAttempts = maxAttempts;
        this.lockout = lockout;
    }

    public sealed interface SignIn {
        record Success(User user) implements SignIn {
        }

        record Invalid() implements SignIn {
        }

        record Locked() implements SignIn {
        }
    }

    public boolean ownerExists() {
        if (!ownerKnownToExist) {
            ownerKnownToExist = jdbi.withExtension(UserDao.class, dao -> dao.findOwner().isPresent());
        }
        return ownerKnownToExist;
    }

    /** First-run setup; possible exactly once. */
    public User createOwner(String username, String password, String confirm) {
        var errors = new LinkedHashMap<String, String>();
        usernameProblem(username).ifPresent(m -> errors.put("username", m));
        passwordProblem(password).ifPresent(m -> errors.put("password", m));
        if (password != null && !password.equals(confirm)) {
            errors.put("confirm", "Passwords do not match.");
        }
        if (!errors.isEmpty()) {
            throw InvalidInput.of(errors);
        }
        var hash = hasher.hash(password);
        var setupDone = new InvalidInput("setup_done", 409, Map.of("username", "Setup is already complete; sign in instead."));
        var owner = unique(setupDone, () -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            if (dao.findOwner().isPresent()) {
                throw setupDone;
            }
            var id = Ids.random();
            dao.insert(id, username, hash, Role.OWNER, clock.instant());
            var created = dao.findById(id).orElseThrow();
            audit.record(handle, created, AuditAction.USER_CREATED, Audit.USERS, List.of(id), username + " as Owner (first run)");
            return created;
        }));
        ownerKnownToExist = true;
        return owner;
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

    /** Checks the password; counts failures and locks the account after too many. */
    public SignIn signIn(String username, String password) {
        if (username == null || password == null || username.length() > 64 || password.length() > MAX_PASSWORD) {
            hasher.verify(null, "");
            return new SignIn.Invalid();
        }
        var found = jdbi.withExtension(UserDao.class, dao -> dao.findByUsername(username));
        var now = clock.instant();
        if (found.isEmpty()) {
            hasher.verify(null, password);
            // the name typed is not recorded: it may be a password typed into the wrong field
            jdbi.useHandle(handle -> audit.record(handle, null, UNKNOWN_USER, AuditAction.SIGN_IN, Audit.FAILURE,
                    Audit.USERS, List.of(), "unknown username"));
            return new SignIn.Invalid();
        }
        var user = found.get();
        if (user.isLocked(now)) {
            recordSignIn(user, Audit.LOCKED, "account locked");
            return new SignIn.Locked();
        }
        if (!hasher.verify(user.passwordHash(), password)) {
            int failures = (user.lockedUntil() != null ? 0 : user.failedLogins()) + 1;
            var lockedUntil = failures >= maxAttempts ? now.plus(lockout) : null;
            jdbi.useTransaction(handle -> {
                handle.attach(UserDao.class).updateLoginFailures(user.id(), lockedUntil == null ? failures : 0, lockedUntil);
                audit.record(handle, user, user.username(), AuditAction.SIGN_IN, Audit.FAILURE, Audit.USERS,
                        List.of(user.id()), lockedUntil == null ? "wrong password" : "wrong password; account locked");
            });
            return lockedUntil == null ? new SignIn.Invalid() : new SignIn.Locked();
        }
        if (user.disabled()) {
            recordSignIn(user, Audit.FAILURE, "account disabled");
            return new SignIn.Invalid();
        }
        jdbi.useTransaction(handle -> {
            if (user.failedLogins() > 0 || user.lockedUntil() != null) {
                handle.attach(UserDao.class).updateLoginFailures(user.id(), 0, null);
            }
            audit.record(handle, user, user.username(), AuditAction.SIGN_IN, Audit.SUCCESS, Audit.USERS, List.of(user.id()), null);
        });
        return new SignIn.Success(user);
    }

    private void recordSignIn(User user, String outcome, String detail) {
        jdbi.useHandle(handle -> audit.record(handle, user, user.username(), AuditAction.SIGN_IN, outcome, Audit.USERS,
                List.of(user.id()), detail));
    }

    /** The user behind a session, if they still exist and are not disabled. */
    public Optional<User> findActive(String id) {
        if (!Ids.isWellFormed(id)) {
            return Optional.empty();
        }
        return jdbi.withExtension(UserDao.class, dao -> dao.findById(id)).filter(User::isActive);
    }

    public List<User> all() {
        return jdbi.withExtension(UserDao.class, UserDao::listAll);
    }

    /**
     * The users {@code actor} may look up through the API (the InfluxDB v2 users endpoints): everyone for roles
     * that may read users, otherwise only themselves.
     */
    public List<User> visibleTo(User actor) {
        if (actor.role().ceiling().allows(Permission.of(Resource.USERS, Action.READ))) {
            return all();
        }
        return findActive(actor.id()).stream().toList();
    }

    public List<UserRow> rows() {
        return jdbi.withExtension(UserDao.class, UserDao::listWithTokenCounts);
    }

    public java.time.Instant now() {
        return clock.instant();
    }

    /** The roles {@code actor} may give: the Owner any but Owner; an Administrator only Manager and Viewer. */
    public static List<Role> assignableRoles(User actor) {
        return switch (actor.role()) {
            case OWNER -> List.of(Role.ADMINISTRATOR, Role.MANAGER, Role.VIEWER);
            case ADMINISTRATOR -> List.of(Role.MANAGER, Role.VIEWER);
            default -> List.of();
        };
    }

    public User get(User actor, String id) {
        requireUserAdmin(actor);
        return find(id);
    }

    public User createUser(User actor, String username, String roleName, String password) {
        requireUserAdmin(actor);
        var errors = new LinkedHashMap<String, String>();
        usernameProblem(username).ifPresent(m -> errors.put("username", m));
        var role = roleProblem(actor, roleName, errors);
        passwordProblem(password).ifPresent(m -> errors.put("password", m));
        if (!errors.isEmpty()) {
            throw InvalidInput.of(errors);
        }
        var hash = hasher.hash(password);
        var taken = new InvalidInput("username_conflict", 409, Map.of("username", "This username is already taken."));
        return unique(taken, () -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            if (dao.findByUsername(username).isPresent()) {
                throw taken;
            }
            var id = Ids.random();
            dao.insert(id, username, hash, role, clock.instant());
            audit.record(handle, actor, AuditAction.USER_CREATED, Audit.USERS, List.of(id), username + " as " + role.label());
            return dao.findById(id).orElseThrow();
        }));
    }

    private static Role roleProblem(User actor, String roleName, Map<String, String> errors) {
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

    public User changeRole(User actor, String id, String roleName) {
        requireUserAdmin(actor);
        var errors = new LinkedHashMap<String, String>();
        var role = roleProblem(actor, roleName, errors);
        if (!errors.isEmpty()) {
            throw InvalidInput.of(errors);
        }
        return changingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            var target = manageable(dao, actor, id, "change the role of");
            dao.updateRole(target.id(), role);
            audit.record(handle, actor, AuditAction.USER_ROLE_CHANGED, Audit.USERS, List.of(target.id()),
                    target.username() + " from " + target.role().label() + " to " + role.label());
            return dao.findById(id).orElseThrow();
        }));
    }

    public User setDisabled(User actor, String id, boolean disabled) {
        requireUserAdmin(actor);
        return changingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            var target = manageable(dao, actor, id, disabled ? "disable" : "enable");
            dao.updateDisabled(target.id(), disabled);
            audit.record(handle, actor, disabled ? AuditAction.USER_DISABLED : AuditAction.USER_ENABLED, Audit.USERS,
                    List.of(target.id()), target.username());
            return dao.findById(id).orElseThrow();
        }));
    }

    public User resetPassword(User actor, String id, String password) {
        requireUserAdmin(actor);
        passwordProblem(password).ifPresent(m -> {
            throw InvalidInput.field("password", m);
        });
        var hash = hasher.hash(password);
        return changingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            var target = manageable(dao, actor, id, "reset the password of");
            dao.updatePassword(target.id(), hash);
            audit.record(handle, actor, AuditAction.USER_PASSWORD_RESET, Audit.USERS, List.of(target.id()), target.username());
            return dao.findById(id).orElseThrow();
        }));
    }

    /** Deletes the user and, in the same transaction, every token they own. Returns how many tokens went. */
    public int delete(User actor, String id) {
        requireUserAdmin(actor);
        return changingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            var target = manageable(dao, actor, id, "delete");
            int tokens = dao.deleteTokensOf(target.id());
            dao.delete(target.id());
            audit.record(handle, actor, AuditAction.USER_DELETED, Audit.USERS, List.of(target.id()),
                    target.username() + " with " + tokens + (tokens == 1 ? " token" : " tokens"));
            return tokens;
        }));
    }

    public int tokenCount(String id) {
        return jdbi.withExtension(UserDao.class, dao -> dao.countTokens(id));
    }

    /** The owner hands ownership to an active Administrator and becomes one; both must sign in again. */
    public User transferOwnership(User actor, String id) {
        if (actor.role() != Role.OWNER) {
            throw new Forbidden("Only the owner can transfer ownership.");
        }
        return changingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            // the owner row first, re-read under its lock: two transfers at once must not both succeed
            var self = dao.lockById(actor.id()).orElseThrow(() -> new Forbidden("Only the owner can transfer ownership."));
            if (self.role() != Role.OWNER || self.disabled()) {
                throw new Forbidden("Only the owner can transfer ownership.");
            }
            var target = dao.lockById(Ids.isWellFormed(id) ? id : "").orElseThrow(() -> new NotFound("No such user."));
            if (target.id().equals(actor.id())) {
                throw InvalidInput.field("user", "You already own this tokendesk.");
            }
            if (target.role() != Role.ADMINISTRATOR || target.disabled()) {
                throw InvalidInput.field("user", "Ownership can only go to an active Administrator.");
            }
            dao.updateRole(actor.id(), Role.ADMINISTRATOR);
            dao.updateRole(target.id(), Role.OWNER);
            audit.record(handle, actor, AuditAction.OWNERSHIP_TRANSFERRED, Audit.USERS, List.of(target.id()),
                    "from " + actor.username() + " to " + target.username());
            return dao.findById(target.id()).orElseThrow();
        }));
    }

    public User unlock(User actor, String id) {
        requireUserAdmin(actor);
        return jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            var target = manageable(dao, actor, id, "unlock");
            dao.updateLoginFailures(target.id(), 0, null);
            audit.record(handle, actor, AuditAction.USER_UNLOCKED, Audit.USERS, List.of(target.id()), target.username());
            return dao.findById(id).orElseThrow();
        });
    }

    /** The check before an insert can lose a race; the database's unique key then answers with {@code conflict}. */
    private static <T> T unique(InvalidInput conflict, java.util.function.Supplier<T> insert) {
        try {
            return insert.get();
        } catch (RuntimeException e) {
            if (tokendesk.Database.isUniqueViolation(e)) {
                throw conflict;
            }
            throw e;
        }
    }

    private <T> T changingAccess(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } finally {
            accessChanged.run();
        }
    }

    private static void requireUserAdmin(User actor) {
        if (!actor.role().ceiling().allows(MANAGE_USERS)) {
            throw new Forbidden("Your role (" + actor.role().label() + ") cannot manage users.");
        }
    }

    private User find(String id) {
        return jdbi.withExtension(UserDao.class, dao -> find(dao, id));
    }

    private static User find(UserDao dao, String id) {
        if (!Ids.isWellFormed(id)) {
            throw new NotFound("No such user.");
        }
        return dao.findById(id).orElseThrow(() -> new NotFound("No such user."));
    }

    /** Whether {@code actor} may change the user {@code targetId} with role {@code targetRole}; see {@link #manageable}. */
    public static boolean mayManage(User actor, String targetId, Role targetRole) {
        return actor.role().ceiling().allows(MANAGE_USERS) && targetRole != Role.OWNER && !targetId.equals(actor.id())
                && (targetRole != Role.ADMINISTRATOR || actor.role() == Role.OWNER);
    }

    /** The target of a change by {@code actor}: never the owner, never oneself, an Administrator only by the owner. */
    private static User manageable(UserDao dao, User actor, String id, String verb) {
        var target = find(dao, id);
        if (target.role() == Role.OWNER) {
            throw new Forbidden("Nobody can " + verb + " the owner" + (verb.equals("change the role of")
                    ? "; transfer ownership instead." : "."));
        }
        if (target.id().equals(actor.id())) {
            throw new Forbidden("You cannot " + verb + " your own account.");
        }
        if (target.role() == Role.ADMINISTRATOR && actor.role() != Role.OWNER) {
            throw new Forbidden("Only the owner can change an Administrator.");
        }
        return target;
    }
}
