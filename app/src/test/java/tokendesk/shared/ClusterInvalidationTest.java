package tokendesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestDatabase;

/**
 * Two instances' caches on one PostgreSQL database (two pools, two listeners, as two processes have): an
 * invalidation on one returns only once the other has dropped its entries, and an instance cut off from its
 * notifications serves nothing cached until it is current again. The real jar in two processes: ScaleOutIT.
 */
class ClusterInvalidationTest {
    private static DatabaseSettings settings;
    private static Database databaseA;
    private static Database databaseB;
    private static CacheCoherence a;
    private static CacheCoherence b;

    @BeforeAll
    static void twoInstances() {
        assumeTrue(TestDatabase.onServer(), "needs TEST_DATABASE_URL (a PostgreSQL server): H2 has one process");
        settings = TestDatabase.fresh();
        databaseA = Database.open(settings);
        var urlB = settings.url() + (settings.url().contains("?") ? "&" : "?") + "ApplicationName=cache-b";
        databaseB = Database.open(settings.withUrl(urlB));
        a = ClusterInvalidation.of(databaseA, settings);
        b = ClusterInvalidation.of(databaseB, settings.withUrl(urlB));
        await("both instances hold their lease", () -> a.serving() && b.serving());
    }

    @AfterAll
    static void stop() {
        if (settings != null) {
            a.close();
            b.close();
            databaseA.close();
            databaseB.close();
            TestDatabase.drop(settings);
        }
    }

    @Test
    void an_invalidation_on_one_instance_has_cleared_the_other_when_it_returns() {
        var onA = new GenerationCache<String>(10, a);
        var onB = new Counted(b);
        for (int round = 0; round < 20; round++) {
            await("B serves its entry from its cache", onB::servedFromCache);
            onA.invalidate();
            assertThat(onB.servedFromCache()).as("round %d: read again on B after A's change returned", round).isFalse();
        }
    }

    @Test
    void an_instance_cut_off_from_the_database_reads_through_then_recovers_by_itself() {
        var onB = new Counted(b);
        await("B serves its entry from its cache", onB::servedFromCache);
        int terminated = TestDatabase.jdbi(settings).withHandle(h -> h.createQuery("SELECT COUNT(pg_terminate_backend(pid)) "
                + "FROM pg_stat_activity WHERE application_name = 'cache-b'").mapTo(Integer.class).one());
        assertThat(terminated).as("B's connections").isPositive();
        // a change on A now waits for B to be current again, or for B's lease to run out
        new GenerationCache<String>(10, a).invalidate();
        assertThat(onB.servedFromCache()).as("nothing stale served").isFalse();
        await("B serves from its cache again", onB::servedFromCache);
    }

    /** A cache on one instance whose loads are counted. */
    private static final class Counted {
        private final GenerationCache<Integer> cache;
        private final AtomicInteger loads = new AtomicInteger();

        Counted(CacheCoherence coherence) {
            cache = new GenerationCache<>(10, coherence);
        }

        /** Whether a read was answered without loading. */
        boolean servedFromCache() {
            int before = loads.get();
            cache.get("k", () -> Optional.of(loads.incrementAndGet()));
            return loads.get() == before;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
