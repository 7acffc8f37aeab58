package tokendesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OncePerTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void one_occurrence_per_key_gets_through_per_interval() {
        var once = new OncePer(Duration.ofMinutes(1));
        assertThat(once.first("a", T0)).isTrue();
        assertThat(once.first("a", T0.plusSeconds(59))).isFalse();
        assertThat(once.first("b", T0.plusSeconds(59))).as("another key").isTrue();
        assertThat(once.first("a", T0.plusSeconds(60))).isTrue();
        assertThat(once.first("a", T0.plusSeconds(61))).isFalse();
    }

    @Test
    void of_calls_racing_on_one_key_exactly_one_is_first_even_at_the_same_instant() throws Exception {
        var once = new OncePer(Duration.ofMinutes(1));
        int callers = 16;
        var barrier = new CyclicBarrier(callers);
        var pool = Executors.newFixedThreadPool(callers);
        try {
            Callable<Boolean> call = () -> {
                barrier.await();
                return once.first("token", T0);
            };
            var futures = IntStream.range(0, callers).mapToObj(i -> pool.submit(call)).toList();
            long firsts = 0;
            for (var future : futures) {
                firsts += future.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
