package tokendesk.user;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;

/** Sign-in with a password: checks it, counts failures, locks an account after too many, and audits each try. */
public final class SignInService {
    public static final String UNKNOWN_USER = "(unknown)";

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final int maxAttempts;
    private final Duration lockout;
    private final Audit audit;

    public SignInService(Jdbi jdbi, Clock clock, PasswordHasher hasher, int maxAttempts, Duration lockout, Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.hasher = hasher;
        this.maxAttempts = maxAttempts;
        this.lockout = lockout;
        this.audit = audit;
    }

    /** How a sign-in ended. */
    public sealed interface SignIn {
        record Success(User user) implements SignIn {
        }

        record Invalid() implements SignIn {
        }

        record Locked() implements SignIn {
        }
    }

    /** Checks the password; counts failures and locks the account after too many. */
    public SignIn signIn(String username, String password) {
        if (username == null || password == null || username.length() > UserRules.MAX_USERNAME
                || password.length() > UserRules.MAX_PASSWORD) {
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
            record(user, Audit.LOCKED, "account locked");
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
            record(user, Audit.FAILURE, "account disabled");
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

    private void record(User user, String outcome, String detail) {
        jdbi.useHandle(handle -> audit.record(handle, user, user.username(), AuditAction.SIGN_IN, outcome, Audit.USERS,
                List.of(user.id()), detail));
    }
}
