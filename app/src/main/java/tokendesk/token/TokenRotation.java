package tokendesk.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.shared.OncePer;
import tokendesk.shared.PeriodicFlush;
import tokendesk.shared.RuleBroken;
import tokendesk.user.User;
import tokendesk.user.ViaToken;

/**
 * Rotation with a grace window (SPEC 9.1): a token gets a new value and keeps its id, description, owner, permissions
 * and history; its previous value authenticates until the window ends, then never again. At most two values are valid:
 * rotating during a window ends the older one at once. The previous value is kept only as its digest and only while
 * its window is open (the sweep forgets it within a minute after; authentication checks the time anyway). Every
 * rotated-out value leaves a fingerprint (see V18) so a refused request that sends one is audited as "Rotated-out
 * value used", at most once a minute a token.
 */
public final class TokenRotation implements AutoCloseable {
    public static final int DEFAULT_GRACE_MINUTES = 60;
    public static final int MAX_GRACE_MINUTES = 10_080;
    private static final Duration NOTICE_EVERY = Duration.ofMinutes(1);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    /** What a rotation asks for: {@code expiresAt} only counts when {@code expiresAtGiven} (null there: never). */
    public record Request(Integer graceMinutes, boolean expiresAtGiven, Instant expiresAt, String rawToken) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final boolean presharedTokensEnabled;
    private final AuthCache authCache;
    private final Audit audit;
    private final OncePer notices = new OncePer(NOTICE_EVERY);
    private final PeriodicFlush sweeper;
    private final TokenPolicy policy;

    public TokenRotation(Jdbi jdbi, Clock clock, boolean presharedTokensEnabled, AuthCache authCache, Audit audit,
            TokenPolicy policy) {
        this.policy = policy;
        this.jdbi = jdbi;
        this.clock = clock;
        this.presharedTokensEnabled = presharedTokensEnabled;
        this.authCache = authCache;
        this.audit = audit;
        this.sweeper = new PeriodicFlush("rotation-sweep", SWEEP_EVERY, this::sweep);
    }

    /** The lifetime limit a new value is held to; its dialog offers only the choices that fit. */
    public TokenPolicy policy() {
        return policy;
    }

    /** Whoever may revoke the token may rotate it. {@code via}: the API token of the request (null for sessions). */
    public TokenService.Created rotate(User actor, String id, Request request, ViaToken via) {
        TokenRules.requireManager(actor);
        return change(actor, id, request, via, false);
    }

    /** The presenting token rotates itself: only when it was created with "Allow this token to rotate itself". */
    public TokenService.Created rotateSelf(User owner, ViaToken self, Request request) {
        if (self == null) {
            throw TokenRules.notSelf();
        }
        return change(owner, self.id(), request, self, true);
    }

    private TokenService.Created change(User actor, String id, Request request, ViaToken via, boolean self) {
        var grace = request.graceMinutes() == null ? DEFAULT_GRACE_MINUTES : request.graceMinutes();
        if (grace < 0 || grace > MAX_GRACE_MINUTES) {
            throw RuleBroken.field("graceMinutes", "graceMinutes must be from 0 to " + MAX_GRACE_MINUTES + " (7 days).");
        }
        var raw = request.rawToken();
        if (raw != null && !presharedTokensEnabled) {
            throw new RuleBroken("preshared_tokens_disabled", RuleBroken.Kind.REFUSED,
                    Map.of("tokenString", "Pre-shared tokens are disabled on this server."));
        }
        if (raw != null && !TokenValues.isWellFormed(raw)) {
            throw RuleBroken.field("tokenString", "Token string must be tc-apiv1_ followed by 64 lowercase hex characters.");
        }
        var value = raw != null ? raw : TokenValues.generate();
        var digest = TokenValues.digest(value);
        try {
            var rotated = jdbi.inTransaction(handle -> {
                var tokens = handle.attach(TokenDao.class);
                tokens.lockChanges(); // not revoked or deleted between our check and our write
                var token = TokenQueries.visible(tokens, actor, id);
                if (self && !token.selfRotate()) {
                    throw new RuleBroken("self_rotation_not_allowed", RuleBroken.Kind.REFUSED, Map.of("token",
                            "This token was not created with \u201cAllow this token to rotate itself\u201d."));
                }
                if (token.isRevoked() || token.isSuspended()) {
                    throw RuleBroken.conflict("token_not_active", "token", "Token " + token.id() + " is "
                            + token.displayStatus(clock.instant()).toLowerCase() + "; only an active or expired token can be rotated.");
                }
                var dao = handle.attach(RotationDao.class);
                if (dao.valueInUse(digest)) {
                    throw TokenRules.valueConflict();
                }
                var now = clock.instant();
                var expiresAt = expiry(request, token, dao.currentValueSince(id), now, via);
                var latest = policy.latestExpiry(now);
                if (latest != null && (expiresAt == null || expiresAt.isAfter(latest))) {
                    throw RuleBroken.field("expiresAt", policy.tooLong(latest));
                }
                var oldDigest = dao.digestOf(id);
                var until = grace == 0 ? null : now.plus(Duration.ofMinutes(grace));
                // an open window's older value is replaced here: it ends at once
                dao.rotate(id, digest, TokenValues.hint(value), expiresAt, now, grace == 0 ? null : oldDigest, until);
                dao.retire(fingerprint(oldDigest), id, now);
                var detail = until == null ? "no overlap" : "previous value valid until " + until;
                handle.attach(TokenEventDao.class).insertEvent(id, now, "rotated", actor.id(),
                        self ? detail + "; by itself" : detail);
                audit.record(handle, actor, AuditAction.TOKEN_ROTATED, Audit.TOKENS, List.of(id), detail);
                return tokens.findById(id).orElseThrow();
            });
            return new TokenService.Created(rotated, value);
        } finally {
            authCache.invalidate(); // the old value's cached entry must not outlive its window
        }
    }

    /**
     * The new value's expiry: as asked, else the lifetime of the value it replaces again, from now; never later than
     * the token the request came with (a token never makes a value that outlives itself).
     */
    private static Instant expiry(Request request, Token token, Instant since, Instant now, ViaToken via) {
        Instant asked;
        if (request.expiresAtGiven()) {
            asked = request.expiresAt();
        } else {
            asked = token.expiresAt() == null ? null : now.plus(Duration.between(since, token.expiresAt()));
        }
        var cap = via == null ? null : via.expiresAt();
        if (cap != null && (asked == null || (!request.expiresAtGiven() && asked.isAfter(cap)))) {
            asked = cap;
        }
        if (asked != null && !asked.isAfter(now)) {
            throw RuleBroken.field("expiresAt", "Expiration must be in the future.");
        }
        if (asked != null && cap != null && asked.isAfter(cap)) {
            throw RuleBroken.field("expiresAt", "This API token expires at " + cap + ": a token it rotates must expire by then.");
        }
        return asked;
    }

    /**
     * A refused request sent {@code raw}: if it is a rotated-out value, the token's Activity and the audit log say so,
     * with the address and user agent, at most once a minute a token. Runs only for refused requests.
     */
    public void noteRefused(String raw, String address, String agent) {
        if (raw == null || !TokenValues.isWellFormed(raw)) {
            return;
        }
        var now = clock.instant();
        var fingerprint = fingerprint(TokenValues.digest(raw));
        jdbi.useTransaction(handle -> {
            var retiredFrom = handle.attach(RotationDao.class).retiredFrom(fingerprint);
            if (!retiredFrom.isEmpty()) {
                handle.attach(RotationDao.class).endWindows(now); // an ended window's digest goes now, not at the sweep
            }
            for (var id : retiredFrom) {
                if (!notices.first(id, now)) {
                    continue;
                }
                var detail = "from " + address + (agent == null ? "" : " (" + clip(agent) + ")");
                handle.attach(TokenEventDao.class).insertEventIfPresent(id, now, "rotated-out value used", null, detail);
                audit.record(handle, null, null, AuditAction.TOKEN_ROTATED_OUT_USED, Audit.FAILURE, Audit.TOKENS,
                        List.of(id), detail);
            }
        });
    }

    /** Forgets the previous values whose windows have ended. */
    public void sweep() {
        jdbi.useHandle(handle -> handle.attach(RotationDao.class).endWindows(clock.instant()));
    }

    static String fingerprint(String digest) {
        return digest.substring(0, 16);
    }

    private static String clip(String agent) {
        return agent.length() <= 200 ? agent : agent.substring(0, 200);
    }

    @Override
    public void close() {
        sweeper.close();
    }
}
