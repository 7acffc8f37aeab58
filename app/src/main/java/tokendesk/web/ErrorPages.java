package tokendesk.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.shared.Ids;
import tokendesk.shared.Busy;
import tokendesk.shared.NotAllowed;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;

/**
 * Maps every failure once: JSON clients get {"code","message"}, htmx gets a message for the flash region, and
 * browsers an error page. A 500 shows an incident id, never a stack trace.
 */
public final class ErrorPages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    static final String TEMPLATE = "error";

    /**
     * The JSON {@code code} for a status under a path prefix whose clients expect another vocabulary than ours (the
     * InfluxDB API's); our own codes everywhere else.
     */
    public record CodeVocabulary(String pathPrefix, IntFunction<String> codeFor) {
    }

    private final CodeVocabulary vocabulary;

    private ErrorPages(CodeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    public static void register(JavalinConfig cfg, CodeVocabulary vocabulary) {
        var pages = new ErrorPages(vocabulary);
        pages.mapAll(cfg);
    }

    private void mapAll(JavalinConfig cfg) {
        cfg.routes.exception(RuleBroken.class, (e, ctx) -> respond(ctx, statusOf(e.kind()), e.code(), e.getMessage()));
        cfg.routes.exception(NotFound.class, (e, ctx) -> respond(ctx, 404, "not_found", e.getMessage()));
        cfg.routes.exception(NotAllowed.class, (e, ctx) -> respond(ctx, 403, "forbidden", e.getMessage()));
        cfg.routes.exception(Busy.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(Busy.RETRY_AFTER_SECONDS));
            respond(ctx, 429, "too_many_requests", e.getMessage());
        });
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() >= 500) {
                incident(ctx, e);
            } else {
                respond(ctx, e.getStatus(), codeFor(e.getStatus()),
                        e.getStatus() == 404 ? "There is no page at this address." : e.getMessage());
            }
        });
        cfg.routes.exception(Exception.class, this::unexpected);
        cfg.routes.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint ")) {
                respond(ctx, 404, "not_found", "There is no page at this address.");
            }
        });
    }

    /** A request Jetty could not parse while a handler read it (e.g. a broken multipart body) is a 4xx; the rest is ours. */
    private void unexpected(Exception e, Context ctx) {
        var unreadable = clientError(e);
        if (unreadable != null) {
            var reason = unreadable.getReason();
            respond(ctx, unreadable.getCode(), codeFor(unreadable.getCode()), "The request could not be read"
                    + (reason == null || reason.isBlank() ? "." : ": " + reason + "."));
            return;
        }
        incident(ctx, e);
    }

    /** Jetty's 4xx {@link HttpException} among the causes (it arrives wrapped, e.g. in a ServletException), or null. */
    private static HttpException clientError(Throwable e) {
        int depth = 0;
        for (var t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http;
            }
        }
        return null;
    }

    private void incident(Context ctx, Exception e) {
        var incident = Ids.random();
        LOG.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
        respond(ctx, 500, "internal", "Something went wrong on our side (incident " + incident + ").");
    }

    private void respond(Context ctx, int status, String code, String message) {
        ctx.status(status);
        if (Requests.hasBody(ctx) && (status == 413 || !Requests.readWholeBody(ctx))) {
            // the rest of a body past the limit stays unread: Jetty then drops the connection after the answer, so
            // the client must not send its next request on it
            ctx.header("Connection", "close");
        }
        if (Requests.wantsJson(ctx)) {
            var body = new java.util.LinkedHashMap<String, String>();
            body.put("code", ctx.path().startsWith(vocabulary.pathPrefix()) ? vocabulary.codeFor().apply(status) : code);
            body.put("message", message);
            ctx.json(body);
        } else if (Htmx.isHtmx(ctx)) {
            Views.fragment(ctx, "fragments/flash", "flash-message", Map.of("flash", Flash.error(message)));
        } else {
            Views.page(ctx, TEMPLATE, Map.of("status", status, "title", titleFor(status), "message", message));
        }
    }

    static int statusOf(RuleBroken.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case CONFLICT -> 409;
            case REFUSED -> 403;
        };
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400, 422 -> "invalid";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 429 -> "too_many_requests";
            default -> status >= 500 ? "internal" : "invalid";
        };
    }

    static String titleFor(int status) {
        return switch (status) {
            case 400, 422 -> "Bad request";
            case 401 -> "Sign in required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> status >= 500 ? "Server error" : "Request failed";
        };
    }
}
