package tokendesk.support;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Two calls started at the same moment (a barrier), for tests of what happens when they race. */
public final class AtOnce {
    private AtOnce() {
    }

    /** Runs both together and returns their results in order (each within 60 s). */
    public static <T> List<T> run(Callable<T> first, Callable<T> second) throws Exception {
        var barrier = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var one = pool.submit(() -> {
                barrier.await();
                return first.call();
            });
            var two = pool.submit(() -> {
                barrier.await();
                return second.call();
            });
            return List.of(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
