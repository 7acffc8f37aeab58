package tokendesk.user;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.shared.NotAllowed;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;

/** Accounts: first-run setup, lookups, and the Owner's and Administrators' changes to users. */
public final class UserService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final Runnable accessChanged;
    private final Audit audit;
    private volatile boolean ownerKnownToExist;

    /** {@code accessChanged} runs after every change to a user, so cached token authentications are re-read. */
    public UserService(Jdbi jdbi, Clock clock, PasswordHasher hasher, Runnable accessChanged, Audit audit) {
        this.accessChanged = accessChanged;
        this.audit = audit;
        this.jdbi = jdbi;
        this.clock = clock;
        this.hasher = hasher;
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
        UserRules.usernameProblem(username).ifPresent(m -> errors.put("username", m));
        UserRules.passwordProblem(password).ifPresent(m -> errors.put("password", m));
        if (password != null && !password.equals(confirm)) {
            errors.put("confirm", "Passwords do not match.");
        }
        if (!errors.isEmpty()) {
            throw RuleBroken.of(errors);
        }
        var hash = hasher.hash(password);
        var setupDone = RuleBroken.conflict("setup_done", "username", "Setup is already complete; sign in instead.");
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

    /** The user behind a session, if they still exist and are not disabled. */
    public Optional<User> findById(String id) {
        return jdbi.withExtension(UserDao.class, dao -> dao.findById(id));
    }

    public Optional<User> findOwner() {
        return jdbi.withExtension(UserDao.class, UserDao::findOwner);
    }

    /** Ids of the users whose name matches the LIKE pattern (lower case, '!' escapes), for searches by owner. */
    public List<String> idsNamedLike(String pattern) {
        return jdbi.withExtension(UserDao.class, dao -> dao.idsNamedLike(pattern));
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
     * The users {@code actor} may list: every user with users:read, otherwise only themselves. {@code tokenLimit}: what
     * the API token behind the request may do (null for a session); its permissions count as well as the role's.
     */
    public List<User> visibleTo(User actor, PermissionSet tokenLimit) {
        var readUsers = Permission.of(Resource.USERS, Action.READ);
        if (actor.role().ceiling().allows(readUsers) && (tokenLimit == null || tokenLimit.allows(readUsers))) {
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

    public User get(User actor, String id) {
        UserRules.requireUserAdmin(actor);
        return find(id);
    }

    public User createUser(User actor, String username, String roleName, String password) {
        UserRules.requireUserAdmin(actor);
        var errors = new LinkedHashMap<String, String>();
        UserRules.usernameProblem(username).ifPresent(m -> errors.put("username", m));
        var role = UserRules.roleProblem(actor, roleName, errors);
        UserRules.passwordProblem(password).ifPresent(m -> errors.put("password", m));
        if (!errors.isEmpty()) {
            throw RuleBroken.of(errors);
        }
        var hash = hasher.hash(password);
        var taken = RuleBroken.conflict("username_conflict", "username", "This username is already taken.");
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

    public User changeRole(User actor, String id, String roleName) {
        UserRules.requireUserAdmin(actor);
        var errors = new LinkedHashMap<String, String>();
        var role = UserRules.roleProblem(actor, roleName, errors);
        if (!errors.isEmpty()) {
            throw RuleBroken.of(errors);
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
        UserRules.requireUserAdmin(actor);
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
        UserRules.requireUserAdmin(actor);
        UserRules.passwordProblem(password).ifPresent(m -> {
            throw RuleBroken.field("password", m);
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

    /**
     * The user {@code actor} may delete, its row locked until the caller's transaction ends (a user's deletion runs
     * in the token feature's transactions, see UserDeletion).
     */
    public User deletable(User actor, String id) {
        UserRules.requireUserAdmin(actor);
        return jdbi.withHandle(handle -> {
            var dao = handle.attach(UserDao.class);
            manageable(dao, actor, id, "delete");
            return dao.lockById(id).orElseThrow(() -> new NotFound("No such user."));
        });
    }

    /**
     * In the caller's transaction: a user being deleted can no longer sign in, nor use a token, once it commits. The
     * caller empties the authentication cache after its commit (an emptying before it could be refilled with the old
     * state).
     */
    public void disableForDeletion(String id) {
        jdbi.useHandle(handle -> {
            var dao = handle.attach(UserDao.class);
            dao.findById(id).filter(user -> !user.disabled()).ifPresent(user -> dao.updateDisabled(id, true));
        });
    }

    /** In the caller's transaction, once the user owns no token: the user's row goes (the cache as above). */
    public void removeDeleted(String id) {
        jdbi.useHandle(handle -> handle.attach(UserDao.class).delete(id));
    }

    /** The owner hands ownership to an active Administrator and becomes one; both must sign in again. */
    public User transferOwnership(User actor, String id) {
        if (actor.role() != Role.OWNER) {
            throw new NotAllowed("Only the owner can transfer ownership.");
        }
        return changingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            // the owner row first, re-read under its lock: two transfers at once must not both succeed
            var self = dao.lockById(actor.id()).orElseThrow(() -> new NotAllowed("Only the owner can transfer ownership."));
            if (self.role() != Role.OWNER || self.disabled()) {
                throw new NotAllowed("Only the owner can transfer ownership.");
            }
            var target = dao.lockById(Ids.isWellFormed(id) ? id : "").orElseThrow(() -> new NotFound("No such user."));
            if (target.id().equals(actor.id())) {
                throw RuleBroken.field("user", "You already own this tokendesk.");
            }
            if (target.role() != Role.ADMINISTRATOR || target.disabled()) {
                throw RuleBroken.field("user", "Ownership can only go to an active Administrator.");
            }
            dao.updateRole(actor.id(), Role.ADMINISTRATOR);
            dao.updateRole(target.id(), Role.OWNER);
            audit.record(handle, actor, AuditAction.OWNERSHIP_TRANSFERRED, Audit.USERS, List.of(target.id()),
                    "from " + actor.username() + " to " + target.username());
            return dao.findById(target.id()).orElseThrow();
        }));
    }

    /**
     * Ends a lockout: of browsers without a device cookie and of every device cookie. The Owner may unlock anyone,
     * themselves included (with a token that has users:write, such as OWNER_TOKEN, the Owner can always get back in);
     * an Administrator whom they may manage.
     */
    public User unlock(User actor, String id) {
        UserRules.requireUserAdmin(actor);
        return jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            var target = actor.role() == Role.OWNER ? find(dao, id) : manageable(dao, actor, id, "unlock");
            dao.updateLoginFailures(target.id(), 0, null);
            handle.attach(DeviceLockoutDao.class).deleteForUser(target.id());
            audit.record(handle, actor, AuditAction.USER_UNLOCKED, Audit.USERS, List.of(target.id()), target.username());
            return dao.findById(id).orElseThrow();
        });
    }

    /** The check before an insert can lose a race; the database's unique key then answers with {@code conflict}. */
    private static <T> T unique(RuleBroken conflict, java.util.function.Supplier<T> insert) {
        return Database.mappingUniqueViolations(insert, violation -> conflict);
    }

    private <T> T changingAccess(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } finally {
            accessChanged.run();
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

    /** The target of a change by {@code actor}: see UserRules.requireManageable. */
    private static User manageable(UserDao dao, User actor, String id, String verb) {
        var target = find(dao, id);
        UserRules.requireManageable(actor, target, verb);
        return target;
    }
}
