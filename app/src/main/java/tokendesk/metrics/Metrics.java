package tokendesk.metrics;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import tokendesk.shared.Database;

/**
 * The server's Prometheus metrics, one registry per App (tests run many in one JVM). Label values are route
 * templates and fixed words only, never ids or user input, so the number of series stays small.
 */
public final class Metrics {
    public static final String PATH = "/metrics";

    /** How a token authentication ended. */
    public enum AuthOutcome {
        OK, UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, ADDRESS_DENIED;

        String label() {
            return name().toLowerCase();
        }
    }

    /**
     * What the token gauge reads at scrape time: each token in one of active, suspended, revoked, expired; expiringSoon
     * counts those of the active ones that expire within the warning window.
     */
    public record TokenCounts(long active, long suspended, long revoked, long expired, long expiringSoon) {
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("tokendesk_http_requests_total")
            .help("HTTP requests by method, route template and status").labelNames("method", "route", "status")
            .register(registry);
    private final Histogram latency = Histogram.builder().name("tokendesk_http_request_duration_seconds")
            .help("HTTP request latency by method and route template").labelNames("method", "route")
            .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Counter authentications = Counter.builder().name("tokendesk_token_authentications_total")
            .help("API token authentications by outcome").labelNames("outcome").register(registry);

    private final Counter eventDeliveries = Counter.builder().name("tokendesk_event_deliveries_total")
            .help("Tries to hand an event to a sink, by sink and outcome (ok or failed)").labelNames("sink", "outcome")
            .register(registry);

    public Metrics(Supplier<TokenCounts> tokens, Supplier<Database.PoolCounts> pool) {
        for (var outcome : AuthOutcome.values()) {
            authentications.labelValues(outcome.label()); // every outcome shows, 0 until it happens
        }
        GaugeWithCallback.builder().name("tokendesk_tokens")
                .help("Tokens by state, counted at scrape time; expiring_soon is the part of active that expires within"
                        + " EXPIRY_WARNING_DAYS")
                .labelNames("state").callback(callback -> {
                    var counts = tokens.get();
                    callback.call(counts.active(), "active");
                    callback.call(counts.suspended(), "suspended");
                    callback.call(counts.revoked(), "revoked");
                    callback.call(counts.expired(), "expired");
                    callback.call(counts.expiringSoon(), "expiring_soon");
                }).register(registry);
        GaugeWithCallback.builder().name("tokendesk_db_pool_connections").help("Database connections in use and the most allowed")
                .labelNames("state").callback(callback -> {
                    var counts = pool.get();
                    callback.call(counts.active(), "active");
                    callback.call(counts.max(), "max");
                }).register(registry);
    }

    /** Reports the events waiting per configured sink at scrape time; every sink shows both outcomes from 0. */
    public void eventSinks(Supplier<Map<String, Long>> waiting) {
        for (var sink : waiting.get().keySet()) {
            eventDeliveries.labelValues(sink, "ok");
            eventDeliveries.labelValues(sink, "failed");
        }
        GaugeWithCallback.builder().name("tokendesk_events_waiting").help("Events not yet taken by a sink")
                .labelNames("sink").callback(callback -> waiting.get().forEach((sink, n) -> callback.call(n, sink)))
                .register(registry);
    }

    public void eventDelivery(String sink, boolean ok) {
        eventDeliveries.labelValues(sink, ok ? "ok" : "failed").inc();
    }

    public void authentication(AuthOutcome outcome) {
        authentications.labelValues(outcome.label()).inc();
    }

    /** Javalin's request logger: called once per request with its execution time. */
    public void request(Context ctx, float executionTimeMs) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        var route = endpoint != null ? endpoint.path
                : ctx.path().startsWith("/static/") || ctx.path().startsWith("/webjars/") ? "static" : "unmatched";
        var method = ctx.method().name();
        requests.labelValues(method, route, Integer.toString(ctx.statusCode())).inc();
        latency.labelValues(method, route).observe(executionTimeMs / 1000.0);
    }

    public void scrape(Context ctx) {
        var writer = PrometheusTextFormatWriter.create();
        ctx.contentType(writer.getContentType());
        try {
            writer.write(ctx.outputStream(), registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
