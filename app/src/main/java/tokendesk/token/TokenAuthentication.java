package tokendesk.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import tokendesk.user.UserService;

/** The token behind a presented value, through the authentication cache: the one lookup of every API request. */
public final class TokenAuthentication {
    private final Jdbi jdbi;
    private final Clock clock;
    private final AuthCache cache;
    private final UserService users;
    private final TokenRotation rotation;

    public TokenAuthentication(Jdbi jdbi, Clock clock, AuthCache cache, UserService users, TokenRotation rotation) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.cache = cache;
        this.users = users;
        this.rotation = rotation;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The token and its owner, if the value may be used right now: well-formed, known, not revoked, not suspended, not
     * expired (or a previous value in its rotation window), owner
     * not disabled. Callers answer every failure the same way.
     */
    public Optional<AuthCache.Entry> authenticate(String raw) {
        if (raw == null || !TokenValues.isWellFormed(raw)) {
            return Optional.empty();
        }
        var digest = TokenValues.digest(raw);
        var now = now();
        // one handle for all reads: the user service's read joins it
        return cache.get(digest, () -> jdbi.withHandle(handle -> {
                    var dao = handle.attach(TokenDao.class);
                    var current = dao.findByDigest(digest);
                    // only a value that is no token's current one costs this second (indexed) lookup
                    var found = current.isPresent() ? current : dao.findByPreviousDigest(digest);
                    return found.flatMap(t -> users.findById(t.ownerId())
                            .map(owner -> new AuthCache.Entry(t, owner, current.isEmpty())));
                }))
                .filter(e -> e.token().isActive(now) && !e.owner().disabled() && (!e.previous() || e.token().isRotating(now)));
    }

    /** A refused request presented {@code raw}: audited when it is a rotated-out value (see TokenRotation). */
    public void refused(String raw, String address, String agent) {
        rotation.noteRefused(raw, address, agent);
    }
}
