package tokendesk.shared;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A read cache whose writers call {@link #invalidate()} after they commit. Entries remember the generation
 * they were read in, and only entries of the current generation are served: a reader that loaded a row just
 * before a change and stores it just after can never bring the old row back. Absent values are not cached.
 * With {@code maxEntries} 0 nothing is kept: on a database other instances write to, a change made there
 * would not invalidate this cache, so every read goes to the database.
 */
public final class GenerationCache<V> {
    private record Stamped<V>(V value, long generation) {
    }

    private final int maxEntries;
    private final Map<String, Stamped<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public GenerationCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    public Optional<V> get(String key, Supplier<Optional<V>> load) {
        return get(key, load, value -> true);
    }

    /** As {@link #get(String, Supplier)}, but a loaded value is kept only when {@code worthKeeping} says so. */
    public Optional<V> get(String key, Supplier<Optional<V>> load, Predicate<V> worthKeeping) {
        long current = generation.get();
        var cached = entries.get(key);
        if (cached != null && cached.generation() == current) {
            return Optional.of(cached.value());
        }
        var loaded = load.get();
        if (maxEntries > 0 && loaded.isPresent() && worthKeeping.test(loaded.get())) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Stamped<>(loaded.get(), current));
        }
        return loaded;
    }

    public void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}
