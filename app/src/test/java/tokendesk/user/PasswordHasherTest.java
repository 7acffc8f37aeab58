package tokendesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tokendesk.shared.Busy;

/** Issue 20: Argon2 hashes (19 MiB each) run at most a fixed number at once, a few more wait, the rest are refused. */
class PasswordHasherTest {
    private static final int CALLERS = 8;

    @Test
    void hashes_beyond_the_bound_wait_their_turn_and_are_refused_when_the_queue_is_full() throws Exception {
        var noQueue = new PasswordHasher(1, 0);
        assertThat(noQueue.verify(null, "warm up")).isFalse();
        var hash = noQueue.hash("a long enough password");
        assertThat(outcomes(noQueue, hash)).as("one at a time, none waiting: whoever comes while a hash runs is refused")
                .contains("busy").contains("checked");

        var queue = new PasswordHasher(1, CALLERS - 1);
        assertThat(queue.verify(null, "warm up")).as("its decoy hash done first").isFalse();
        assertThat(outcomes(queue, hash)).as("one at a time, the others wait their turn").containsOnly("checked");
    }

    /** "checked" or "busy" for each of CALLERS verifications started together. */
    private static ArrayList<String> outcomes(PasswordHasher hasher, String hash) throws Exception {
        var barrier = new CyclicBarrier(CALLERS);
        var pool = Executors.newFixedThreadPool(CALLERS);
        try {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < CALLERS; i++) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    try {
                        return hasher.verify(hash, "wrong password") ? "matched" : "checked";
                    } catch (Busy e) {
                        return "busy";
                    }
                }));
            }
            var outcomes = new ArrayList<String>();
            for (var future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
