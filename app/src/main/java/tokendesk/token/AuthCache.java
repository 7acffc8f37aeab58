package tokendesk.token;

import java.util.Optional;
import java.util.function.Supplier;
import tokendesk.shared.CacheCoherence;
import tokendesk.shared.GenerationCache;
import tokendesk.user.User;

/**
 * What token authentication needs, by SHA-256 digest (never the raw value): the token row and its owner.
 * Every change that can take access away (revoke, delete, reassign, and any change to a user) calls
 * {@link #invalidate()} after its transaction commits and before it answers, so the next request reads the
 * database again; see {@link GenerationCache} for why a slow reader cannot undo a revoke.
 */
public final class AuthCache {
    /**
     * A token and its owner as read from the database; {@code previous}: found by its previous value, which
     * authenticates only while the token's rotation window is open.
     */
    public record Entry(Token token, User owner, boolean previous) {
        public Entry(Token token, User owner) {
            this(token, owner, false);
        }
    }

    private final GenerationCache<Entry> entries;

    /** A cache for a database only this process writes to. */
    public AuthCache() {
        this(CacheCoherence.LOCAL);
    }

    /** A cache kept true to the database by {@code coherence} (several instances may share it). */
    public AuthCache(CacheCoherence coherence) {
        this.entries = new GenerationCache<>(200_000, coherence);
    }

    /** The cached entry, or what {@code load} reads (cached when found); empty when unknown. */
    public Optional<Entry> get(String digest, Supplier<Optional<Entry>> load) {
        return entries.get(digest, load);
    }

    public void invalidate() {
        entries.invalidate();
    }
}
