package tokendesk.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.shared.Database;
import tokendesk.shared.Signer;

/**
 * Sign-in with a password: checks it, counts failures, locks out after too many, and audits each try. Lockout follows
 * OWASP's device cookies: failures from a browser with a valid device cookie for the user count against that cookie
 * and lock out only that browser; other failures lock out every browser without one (the user's locked_until), so
 * guessing from elsewhere never locks out a browser the user signed in from before.
 */
public final class SignInService {
    public static final String UNKNOWN_USER = "(unknown)";
    /** A device's failures are forgotten a day after the last one, unless it is locked out. */
    private static final Duration DEVICE_MEMORY = Duration.ofDays(1);

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final int maxAttempts;
    private final Duration lockout;
    private final Audit audit;
    private final Signer signer;

    public SignInService(Jdbi jdbi, Clock clock, PasswordHasher hasher, int maxAttempts, Duration lockout, Audit audit,
            Signer signer) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.hasher = hasher;
        this.maxAttempts = maxAttempts;
        this.lockout = lockout;
        this.audit = audit;
        this.signer = signer;
    }

    /** How a sign-in ended. Invalid and Locked must look the same to the person signing in. */
    public sealed interface SignIn {
        /** {@code deviceCookie}: the new device cookie value for the browser (see DeviceCookie). */
        record Success(User user, String deviceCookie) implements SignIn {
        }

        record Invalid() implements SignIn {
        }

        record Locked() implements SignIn {
        }
    }

    /**
     * Checks the password; counts failures and locks out after too many. {@code deviceCookieOf}: the browser's device
     * cookie for a user id, or null. Every path runs exactly one Argon2 verification (against a decoy hash when there
     * is no real one to check), so an unknown name, a locked account and a wrong password take the same time.
     */
    public SignIn signIn(String username, String password, UnaryOperator<String> deviceCookieOf) {
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
        var device = DeviceCookie.deviceOrNull(signer, user.id(), deviceCookieOf.apply(user.id()));
        boolean locked = device == null ? user.isLocked(now)
                : jdbi.withExtension(DeviceLockoutDao.class, dao -> dao.find(device)).filter(f -> f.isLocked(now)).isPresent();
        if (locked) {
            hasher.verify(null, password);
            record(user, Audit.LOCKED, device == null ? "account locked for unknown devices" : "device locked");
            return new SignIn.Locked();
        }
        if (!hasher.verify(user.passwordHash(), password)) {
            return (device == null ? untrustedFailure(user, now) : deviceFailure(user, device, now))
                    ? new SignIn.Locked() : new SignIn.Invalid();
        }
        if (user.disabled()) {
            record(user, Audit.FAILURE, "account disabled");
            return new SignIn.Invalid();
        }
        jdbi.useTransaction(handle -> {
            if (device != null) {
                // a success from a trusted browser clears only that browser: guesses from elsewhere stay locked out
                handle.attach(DeviceLockoutDao.class).delete(device);
            } else if (user.failedLogins() > 0 || user.lockedUntil() != null) {
                handle.attach(UserDao.class).updateLoginFailures(user.id(), 0, null);
            }
            audit.record(handle, user, user.username(), AuditAction.SIGN_IN, Audit.SUCCESS, Audit.USERS, List.of(user.id()), null);
        });
        return new SignIn.Success(user, DeviceCookie.issue(signer, user.id()));
    }

    /** A wrong password from a browser without a device cookie; true if it locks out such browsers. */
    private boolean untrustedFailure(User user, Instant now) {
        int failures = (user.lockedUntil() != null ? 0 : user.failedLogins()) + 1;
        var lockedUntil = failures >= maxAttempts ? now.plus(lockout) : null;
        jdbi.useTransaction(handle -> {
            handle.attach(UserDao.class).updateLoginFailures(user.id(), lockedUntil == null ? failures : 0, lockedUntil);
            audit.record(handle, user, user.username(), AuditAction.SIGN_IN, Audit.FAILURE, Audit.USERS, List.of(user.id()),
                    lockedUntil == null ? "wrong password" : "wrong password; account locked for unknown devices");
        });
        return lockedUntil != null;
    }

    /** A wrong password with a valid device cookie; true if it locks out that cookie. */
    private boolean deviceFailure(User user, String device, Instant now) {
        try {
            return countDeviceFailure(user, device, now);
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            // the first failures of one cookie at once: the other inserted its row, so this one now updates it
            return countDeviceFailure(user, device, now);
        }
    }

    private boolean countDeviceFailure(User user, String device, Instant now) {
        return jdbi.inTransaction(handle -> {
            var dao = handle.attach(DeviceLockoutDao.class);
            var before = dao.lock(device);
            int failures = before.filter(f -> f.lockedUntil() == null).map(DeviceLockoutDao.Failures::failures).orElse(0) + 1;
            var lockedUntil = failures >= maxAttempts ? now.plus(lockout) : null;
            if (before.isPresent()) {
                dao.update(device, lockedUntil == null ? failures : 0, lockedUntil, now);
            } else {
                dao.insert(device, user.id(), lockedUntil == null ? failures : 0, lockedUntil, now);
            }
            dao.forgetStale(user.id(), now.minus(DEVICE_MEMORY));
            audit.record(handle, user, user.username(), AuditAction.SIGN_IN, Audit.FAILURE, Audit.USERS, List.of(user.id()),
                    lockedUntil == null ? "wrong password on a known device" : "wrong password; device locked");
            return lockedUntil != null;
        });
    }

    private void record(User user, String outcome, String detail) {
        jdbi.useHandle(handle -> audit.record(handle, user, user.username(), AuditAction.SIGN_IN, outcome, Audit.USERS,
                List.of(user.id()), detail));
    }
}
