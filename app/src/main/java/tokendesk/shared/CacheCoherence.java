package tokendesk.shared;

/**
 * What keeps the caches of one process ({@link GenerationCache}) true to a database that others may write to. On a
 * database only this process writes to ({@link #LOCAL}) a cache is always good until it is invalidated here; on a
 * shared one ({@link ClusterInvalidation}) it is good only while this instance holds its lease, and a change
 * returns only once every other instance has dropped what it cached.
 */
public interface CacheCoherence extends AutoCloseable {
    /** One process, one database: entries are served until this process invalidates them. */
    CacheCoherence LOCAL = new CacheCoherence() {
        @Override
        public boolean serving() {
            return true;
        }

        @Override
        public void changed() {
        }

        @Override
        public void onChangeElsewhere(Runnable clear) {
        }
    };

    /** Whether cached entries may be served now; when false every read goes to the database. */
    boolean serving();

    /**
     * Called after a change committed (the caller has cleared its own cache): returns once no instance can serve
     * an entry read before the change.
     */
    void changed();

    /** Registers a cache's clear, run when another instance changed something. */
    void onChangeElsewhere(Runnable clear);

    @Override
    default void close() {
    }
}
