package tokendesk.token;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tokendesk.user.User;

/**
 * What token authentication needs, by SHA-256 digest (never the raw value): the token row and its owner.
 * Every change that can take access away (revoke, delete, reassign, and any change to a user) calls
 * {@link #invalidate()} after its transaction commits and before it answers, so the next request reads the
 * database again. Entries carry the generation they were read in; an entry read before an invalidation is
 * ignored even if it was stored after it, so a revoke can never be undone by a slow reader.
 */
public final class AuthCache {
    /** A token and its owner as read from the database. */
    public record Entry(Token token, User owner, long generation) {
    }

    private static final int MAX_ENTRIES = 200_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** The cached entry, or what {@code load} reads (cached when found); empty when unknown. */
    public Optional<Entry> get(String digest, Supplier<Optional<Entry>> load) {
        long current = generation.get();
        var cached = entries.get(digest);
        if (cached != null && cached.generation() == current) {
            return Optional.of(cached);
        }
        var loaded = load.get().map(e -> new Entry(e.token(), e.owner(), current));
        if (loaded.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(digest, loaded.get());
        }
        return loaded;
    }

    public void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}
