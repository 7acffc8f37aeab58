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
import tokendesk.web.InvalidInput;

/** Accounts: first-run setup, sign-in with lockout, lookups. */
public final class UserService {
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final int maxAttempts;
    private final Duration lockout;
    private volatile boolean ownerKnownToExist;

    public UserService(Jdbi jdbi, Clock clock, PasswordHasher hasher, int maxAttempts, Duration lockout) {
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
        var owner = jdbi.inTransaction(handle -> {
            var dao = handle.attach(UserDao.class);
            if (dao.findOwner().isPresent()) {
                throw new InvalidInput("setup_done", 409, Map.of("username", "Setup is already complete; sign in instead."));
            }
            var id = Ids.random();
            dao.insert(id, username, hash, Role.OWNER, clock.instant());
            return dao.findById(id).orElseThrow();
        });
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
            return new SignIn.Invalid();
        }
        var user = found.get();
        if (user.isLocked(now)) {
            return new SignIn.Locked();
        }
        if (!hasher.verify(user.passwordHash(), password)) {
            int failures = (user.lockedUntil() != null ? 0 : user.failedLogins()) + 1;
            var lockedUntil = failures >= maxAttempts ? now.plus(lockout) : null;
            jdbi.useExtension(UserDao.class, dao -> dao.updateLoginFailures(user.id(), lockedUntil == null ? failures : 0, lockedUntil));
            return lockedUntil == null ? new SignIn.Invalid() : new SignIn.Locked();
        }
        if (user.disabled()) {
            return new SignIn.Invalid();
        }
        if (user.failedLogins() > 0 || user.lockedUntil() != null) {
            jdbi.useExtension(UserDao.class, dao -> dao.updateLoginFailures(user.id(), 0, null));
        }
        return new SignIn.Success(user);
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
}
