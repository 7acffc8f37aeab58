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
 * With {@code maxEntries} 0 nothing is kept. Entries are served only while the {@link CacheCoherence} allows,
 * which clears this cache when another instance changed something; an invalidation here waits for the others.
 */
public final class GenerationCache<V> {
    private record Stamped<V>(V value, long generation) {
    }

    private final int maxEntries;
    private final Map<String, Stamped<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final CacheCoherence coherence;

    /** A cache of a database only this process writes to. */
    public GenerationCache(int maxEntries) {
        this(maxEntries, CacheCoherence.LOCAL);
    }

    public GenerationCache(int maxEntries, CacheCoherence coherence) {
        this.maxEntries = maxEntries;
        this.coherence = coherence;
        coherence.onChangeElsewhere(this::clear);
    }

    public Optional<V> get(String key, Supplier<Optional<V>> load) {
        return get(key, load, value -> true);
    }

    /** As {@link #get(String, Supplier)}, but a loaded value is kept only when {@code worthKeeping} says so. */
    public Optional<V> get(String key, Supplier<Optional<V>> load, Predicate<V> worthKeeping) {
        long current = generation.get();
        var cached = entries.get(key);
        if (cached != null && cached.generation() == current && coherence.serving()) {
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

    /** After a change committed: no entry read before it is served again, here or (on return) on any instance. */
    public void invalidate() {
        clear();
        coherence.changed();
    }

    /** Drops every entry, and makes a load under way when this runs unable to store what it read for later. */
    private void clear() {
        generation.incrementAndGet();
        entries.clear();
    }
}
