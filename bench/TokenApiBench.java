import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tokendesk.App;
import tokendesk.Config;

/**
 * Token API figures on this machine: seeding N tokens, authenticated requests per second with one token
 * from many threads (each request looks the token up and records its use), and list/search latency.
 * Run with bench/run.sh.
 */
public final class TokenApiBench {
    private static final String TOKEN = "tc-apiv1_" + "5e".repeat(32);

    public static void main(String[] args) throws Exception {
        int seed = Integer.parseInt(System.getProperty("tokens", "5000"));
        int threads = Integer.parseInt(System.getProperty("threads", "16"));
        int seconds = Integer.parseInt(System.getProperty("seconds", "10"));
        var config = Config.forTests("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .withOwner("owner", "correct horse battery").withOwnerToken(TOKEN);
        var app = App.create(config).start();
        var base = "http://127.0.0.1:" + app.port();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < seed; i++) {
                var body = "{\"description\":\"bench-" + i + "\",\"permissions\":\"configs:read,heartbeat:write\"}";
                var response = http.send(request(base + "/api/tokens").POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("seeding failed: " + response.statusCode());
                }
            }
            System.out.printf("seeded %d tokens in %.1f s (%.0f creates/s)%n", seed, secs(start), seed / secs(start));

            var latencies = new ConcurrentLinkedQueue<Long>();
            var count = new AtomicInteger();
            var failures = new AtomicInteger();
            var pool = Executors.newFixedThreadPool(threads);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    var get = request(base + "/api/tokens/capabilities").GET().build();
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            var code = http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (code != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - t0);
                        count.incrementAndGet();
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
            System.out.printf("authenticated requests: %d in %d s with %d threads = %.0f req/s, %d failed; %s%n",
                    count.get(), seconds, threads, count.get() / (double) seconds, failures.get(), percentiles(latencies));

            for (var path : List.of("/api/tokens", "/api/tokens?q=bench-42", "/api/tokens?page=" + Math.max(1, seed / 50),
                    "/api/tokens?status=active&limit=1000")) {
                var times = new ConcurrentLinkedQueue<Long>();
                for (int i = 0; i < 50; i++) {
                    long t0 = System.nanoTime();
                    http.send(request(base + path).GET().build(), HttpResponse.BodyHandlers.discarding());
                    times.add(System.nanoTime() - t0);
                }
                System.out.printf("GET %-40s %s%n", path, percentiles(times));
            }
        } finally {
            app.stop();
        }
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN);
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String percentiles(ConcurrentLinkedQueue<Long> nanos) {
        var sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
    }
}
