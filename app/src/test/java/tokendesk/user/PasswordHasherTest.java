package tokendesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tokendesk.shared.Busy;

/** Issue 20: Argon2 hashes (19 MiB each) run at most a fixed number at once; who finds no room in time is refused. */
class PasswordHasherTest {
    private static final int CALLERS = 8;

    @Test
    void hashes_beyond_the_bound_wait_for_room_and_are_refused_when_none_comes_in_time() throws Exception {
        var noWait = new PasswordHasher(1, Duration.ZERO);
        assertThat(noWait.verify(null, "warm up")).isFalse();
        var hash = noWait.hash("a long enough password");
        assertThat(outcomes(noWait, hash)).as("one room, no waiting: whoever comes while a hash runs is refused")
                .contains("busy").contains("checked");

        var patient = new PasswordHasher(2, Duration.ofSeconds(30));
        assertThat(outcomes(patient, hash)).as("with time to wait, all get their turn").containsOnly("checked");
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
