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
 * Substring search of token descriptions for H2, which has no n-gram index (PostgreSQL has pg_trgm, V27). Per token
 * it keeps its id and a 192-bit signature of the trigrams of its lowered description, each trigram setting two bits.
 * The tokens whose signature holds every bit of a search text's trigrams are a superset of those whose description
 * contains the text; the caller checks them in SQL ({@link TokenDao#idsDescribedLikeAmong}).
 *
 * <p>Invariant: every token's current description has a slot. The H2 trigger {@link DescriptionTrigger} appends one
 * for each insert and description change, whoever makes it, before that transaction commits; the load at start adds
 * the tokens already there. Slots are never removed, so a deleted token, a rolled-back insert or an old description
 * is only a false candidate, dropped by the check. Lowering is {@link String#toLowerCase()}, as H2's {@code LOWER}
 * and the search pattern do. 32 bytes per slot.
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
    private static final int WORDS = 3;
    private static final int BITS = WORDS * Long.SIZE;
    private static final int CHUNK = 1 << 16;

    private final Object appending = new Object();
    private final String key;
    /** Chunks of ids and of signatures (WORDS longs per slot); replaced whole when a chunk is added. */
    private volatile long[][] ids = new long[0][];
    private volatile long[][] signatures = new long[0][];
    /** Slots filled; written last by an append, so a reader that reads it first sees whole slots. */
    private volatile int size;
    private volatile boolean loaded;
    /** A token whose id the index cannot hold (written by some other tool): searches scan from then on. */
    private volatile boolean incomplete;

    private DescriptionIndex(String key) {
        this.key = key;
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
            loaded = true;
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
        long[] signature = signature(description == null ? "" : description.toLowerCase());
        long idBits = Long.parseUnsignedLong(id, 16);
        synchronized (appending) {
            int slot = size;
            if (slot / CHUNK == ids.length) {
                ids = append(ids, new long[CHUNK]);
                signatures = append(signatures, new long[CHUNK * WORDS]);
            }
            ids[slot / CHUNK][slot % CHUNK] = idBits;
            System.arraycopy(signature, 0, signatures[slot / CHUNK], slot % CHUNK * WORDS, WORDS);
            size = slot + 1;
        }
    }

    /**
     * The ids of the tokens whose description may contain {@code q}: every one that does, and a few that do not.
     * Empty when the index cannot narrow the search: not loaded yet, incomplete, a text shorter than a trigram, or
     * more than {@code max} candidates.
     */
    Optional<List<String>> candidates(String q, int max) {
        var lowered = q.toLowerCase();
        if (!loaded || incomplete || lowered.length() < 3) {
            return Optional.empty();
        }
        long[] wanted = signature(lowered);
        int filled = size;
        long[][] idChunks = ids;
        long[][] signatureChunks = signatures;
        var found = new LinkedHashSet<Long>();
        for (int slot = 0; slot < filled; slot++) {
            long[] chunk = signatureChunks[slot / CHUNK];
            int at = slot % CHUNK * WORDS;
            if ((chunk[at] & wanted[0]) == wanted[0] && (chunk[at + 1] & wanted[1]) == wanted[1]
                    && (chunk[at + 2] & wanted[2]) == wanted[2]) {
                found.add(idChunks[slot / CHUNK][slot % CHUNK]);
                if (found.size() > max) {
                    return Optional.empty();
                }
            }
        }
        var hex = HexFormat.of();
        var result = new ArrayList<String>(found.size());
        found.forEach(id -> result.add(hex.toHexDigits(id)));
        return Optional.of(result);
    }

    /** Two bits per trigram of {@code text}, from the two halves of its hash (MurmurHash3's finalizer). */
    static long[] signature(String text) {
        var bits = new long[WORDS];
        for (int i = 0; i + 3 <= text.length(); i++) {
            long hash = (long) text.charAt(i) << 32 | (long) text.charAt(i + 1) << 16 | text.charAt(i + 2);
            hash = (hash ^ hash >>> 33) * 0xFF51AFD7ED558CCDL;
            hash = (hash ^ hash >>> 33) * 0xC4CEB9FE1A85EC53L;
            hash ^= hash >>> 33;
            set(bits, (int) Long.remainderUnsigned(hash >>> 32, BITS));
            set(bits, (int) Long.remainderUnsigned(hash & 0xFFFF_FFFFL, BITS));
        }
        return bits;
    }

    private static void set(long[] bits, int bit) {
        bits[bit / Long.SIZE] |= 1L << (bit % Long.SIZE);
    }

    private static long[][] append(long[][] chunks, long[] chunk) {
        var grown = Arrays.copyOf(chunks, chunks.length + 1);
        grown[chunks.length] = chunk;
        return grown;
    }
}
