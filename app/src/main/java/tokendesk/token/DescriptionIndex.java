package tokendesk.token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.shared.Ids;

/**
 * Substring search of token descriptions for H2, which has no n-gram index (PostgreSQL has pg_trgm, V27). It keeps
 * every token's lowered description in memory, in slots of id and text, and finds the slots whose text contains a
 * search text with {@link String#indexOf}; reading H2's rows to test them would cost a random read each.
 *
 * <p>Invariant: every token's current description has a slot. The H2 trigger {@link DescriptionTrigger} appends one
 * for each insert and description change, whoever makes it, before that transaction commits; the load at start adds
 * the tokens already there. Slots are never removed, so a deleted token, a rolled-back insert or an old description
 * is a false candidate, which the caller's query drops. Lowering is {@link String#toLowerCase()}, as H2's
 * {@code LOWER} and the search pattern do. A slot costs its text (a byte a character while a chunk's texts are
 * Latin-1), a separator, and 12 bytes.
 */
public final class DescriptionIndex {
    private static final Logger LOG = LoggerFactory.getLogger(DescriptionIndex.class);
    /**
     * The indexes of the H2 databases open in this JVM, by {@link #KEY_SQL}: the trigger feeds each of its database's
     * (two servers on one database in one JVM: a test, a restart that overlaps).
     */
    private static final ConcurrentHashMap<String, Set<DescriptionIndex>> OPEN = new ConcurrentHashMap<>();
    /** A database's key: its file, or the name of an in-memory one. */
    static final String KEY_SQL = "SELECT COALESCE(DATABASE_PATH(), DATABASE())";
    /** Ends each slot's text, so no match runs from one slot into the next; a search text holding it scans. */
    private static final char SEPARATOR = '\u0000';
    private static final int CHUNK = 1 << 16;

    /** Guards appends, and searches of the chunk being filled. */
    private final Object appending = new Object();
    private final String key;
    /** Per chunk of CHUNK slots: the ids, and where each slot's text ends in the chunk's texts. */
    private volatile long[][] ids = new long[0][];
    private volatile int[][] ends = new int[0][];
    /** The texts of the full chunks, each its slots' texts and separators in one string; never changed. */
    private volatile String[] sealed = new String[0];
    /** The texts of the chunk being filled (the last), read under {@link #appending}. */
    private final StringBuilder filling = new StringBuilder();
    /** Slots filled; written last by an append, so a reader that reads it first sees whole slots. */
    private volatile int size;
    private volatile boolean loaded;
    /** A token whose id the index cannot hold (written by some other tool): searches scan from then on. */
    private volatile boolean incomplete;

    /** An index no trigger feeds until {@link #openIfEmbedded} registers it. */
    DescriptionIndex(String key) {
        this.key = key;
    }

    /** From now on searches read the index: every token already there has its slot. */
    void markLoaded() {
        loaded = true;
    }

    /**
     * The index of an H2 database embedded in this JVM, registered for its trigger at once and loaded from the tokens
     * table on a thread of its own; until that load ends, {@link #candidates} has none and searches scan the table.
     * Null for a database another process serves ({@code tcp:}, {@code ssl:}, {@code AUTO_SERVER}): its trigger runs
     * there, so searches scan.
     */
    public static DescriptionIndex openIfEmbedded(Jdbi jdbi, String url) {
        var lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:") || lower.contains("auto_server=true")) {
            return null;
        }
        var key = jdbi.withHandle(handle -> handle.createQuery(KEY_SQL).mapTo(String.class).one());
        var index = new DescriptionIndex(key);
        OPEN.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(index);
        var load = new Thread(() -> index.load(jdbi), "description-index");
        load.setDaemon(true);
        load.start();
        return index;
    }

    /** The indexes registered for the database with this key: none, one, or one per server open on it. */
    static Set<DescriptionIndex> of(String key) {
        return OPEN.getOrDefault(key, Set.of());
    }

    /** Stops the trigger feeding this index (the server stops; its database may be opened again). */
    public void close() {
        OPEN.computeIfPresent(key, (k, indexes) -> {
            indexes.remove(this);
            return indexes.isEmpty() ? null : indexes;
        });
    }

    private void load(Jdbi jdbi) {
        long start = System.nanoTime();
        try {
            jdbi.useHandle(handle -> handle.createQuery("SELECT id, description FROM tokens").setFetchSize(1_000)
                    .map((rs, ctx) -> {
                        described(rs.getString(1), rs.getString(2));
                        return Boolean.TRUE;
                    }).forEach(row -> { }));
            markLoaded();
            LOG.info("Search index of token descriptions loaded: {} tokens in {} ms", size,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Search index of token descriptions not loaded, searches scan the table: {}", e.toString());
        }
    }

    /** Notes the token's description (from the trigger and the load). */
    void described(String id, String description) {
        if (!Ids.isWellFormed(id)) {
            incomplete = true;
            return;
        }
        long idBits = Long.parseUnsignedLong(id, 16);
        var lowered = description == null ? "" : description.toLowerCase();
        synchronized (appending) {
            int slot = size;
            int chunk = slot / CHUNK;
            if (chunk == ids.length) {
                ids = append(ids, new long[CHUNK]);
                ends = append(ends, new int[CHUNK]);
            }
            filling.append(lowered);
            ends[chunk][slot % CHUNK] = filling.length();
            filling.append(SEPARATOR);
            ids[chunk][slot % CHUNK] = idBits;
            if (slot % CHUNK == CHUNK - 1) {
                var texts = Arrays.copyOf(sealed, chunk + 1);
                texts[chunk] = filling.toString();
                sealed = texts;
                filling.setLength(0);
                filling.trimToSize();
            }
            size = slot + 1;
        }
    }

    /**
     * The ids of the tokens whose description may contain {@code q}: every one that does, and those of stale slots
     * (see the class comment). Empty when the index cannot serve the search: not loaded yet, incomplete, a text of
     * fewer than three characters (a search index is not worth its candidates there), or more than {@code max}.
     */
    Optional<List<String>> candidates(String q, int max) {
        var lowered = q.toLowerCase();
        if (!loaded || incomplete || lowered.length() < 3 || lowered.indexOf(SEPARATOR) >= 0) {
            return Optional.empty();
        }
        int filled = size;
        var found = new LinkedHashSet<Long>();
        int full = filled / CHUNK;
        var texts = sealed;
        for (int chunk = 0; chunk < full; chunk++) {
            if (!find(texts[chunk], chunk, CHUNK, lowered, found, max)) {
                return Optional.empty();
            }
        }
        if (filled % CHUNK > 0) {
            synchronized (appending) { // as far as `filled`; the chunk may have filled up and been sealed since
                var text = full < sealed.length ? sealed[full] : filling;
                if (!find(text, full, filled % CHUNK, lowered, found, max)) {
                    return Optional.empty();
                }
            }
        }
        var hex = HexFormat.of();
        var result = new ArrayList<String>(found.size());
        found.forEach(id -> result.add(hex.toHexDigits(id)));
        return Optional.of(result);
    }

    /**
     * Adds the ids of the first {@code slots} slots of the chunk whose text contains {@code lowered}; false once there
     * are more than {@code max}.
     */
    private boolean find(CharSequence texts, int chunk, int slots, String lowered, Set<Long> found, int max) {
        int[] chunkEnds = ends[chunk];
        long[] chunkIds = ids[chunk];
        int limit = slots == 0 ? 0 : chunkEnds[slots - 1];
        int from = 0;
        while (from < limit) {
            int at = texts instanceof String text ? text.indexOf(lowered, from)
                    : ((StringBuilder) texts).indexOf(lowered, from);
            if (at < 0 || at >= limit) {
                return true;
            }
            int slot = Arrays.binarySearch(chunkEnds, 0, slots, at);
            slot = slot >= 0 ? slot : -slot - 1; // the first slot ending after `at` (ends are ascending)
            found.add(chunkIds[slot]);
            if (found.size() > max) {
                return false;
            }
            from = chunkEnds[slot] + 1;
        }
        return true;
    }

    private static <T> T[] append(T[] chunks, T chunk) {
        var grown = Arrays.copyOf(chunks, chunks.length + 1);
        grown[chunks.length] = chunk;
        return grown;
    }
}
