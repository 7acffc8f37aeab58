package tokendesk;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tokendesk.auth.Public;
import tokendesk.web.ThymeleafRenderer;

/** How the HTTP server itself is set up: Jetty's threads, sessions, graceful stop, templates and static files. */
final class ServerSetup {
    public static final String SESSION_COOKIE = "TOKENDESK_SESSION";
    /** How long a stopping server waits for requests in flight. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    /**
     * Javalin copies every response body to Jetty through a buffer of this size allocated per response (by default
     * Jetty's 32 KB output buffer size: a 300-byte TOML answer would allocate 32 KB, most of the garbage under load).
     * Jetty still gathers the writes in its own pooled 32 KB buffer, so larger bodies are not sent in smaller packets.
     */
    private static final int RESPONSE_COPY_BUFFER = 4096;

    private ServerSetup() {
    }

    static void apply(JavalinConfig cfg, Config config) {
        cfg.startup.showJavalinBanner = false;
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.jetty.threadPool = httpThreads();
        cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
        cfg.fileRenderer(new ThymeleafRenderer());
        cfg.jetty.modifyServletContextHandler(handler -> handler.setSessionHandler(sessionHandler(config)));
        cfg.jetty.modifyServer(ServerSetup::stopGracefully);
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/static";
            s.directory = "/static";
            s.location = Location.CLASSPATH;
            s.roles = Set.of(Public.ANYONE);
        });
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/webjars";
            s.directory = "/META-INF/resources/webjars";
            s.location = Location.CLASSPATH;
            s.roles = Set.of(Public.ANYONE);
            s.headers = Map.of("Cache-Control", "max-age=31622400");
        });
    }

    /**
     * On stop (SIGTERM runs Main's shutdown hook) new requests are refused and requests in flight get up to
     * SHUTDOWN_GRACE to finish; only then do the write-behind flushes run and the database closes.
     */
    private static void stopGracefully(Server server) {
        server.insertHandler(new GracefulHandler());
        server.setStopTimeout(SHUTDOWN_GRACE.toMillis());
        server.setErrorHandler(new ClosingErrorHandler());
    }

    /**
     * Requests Jetty refuses itself, before any handler (a path with an encoded control character, a bad header),
     * get its 400 page with {@code Connection: close}: Jetty drops such a connection when the request had a body it
     * did not read, and without the header a client sends its next request on the dead connection and gets nothing.
     */
    private static final class ClosingErrorHandler extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            return super.handle(request, response, callback);
        }
    }

    /**
     * Request threads: at most 64 (Jetty's default is 200). Every request needs one of the 32 database
     * connections, so more threads only wait longer while costing a stack and allocation buffers each.
     */
    private static QueuedThreadPool httpThreads() {
        var pool = new QueuedThreadPool(64, 8, 60_000);
        pool.setName("JettyServerThreadPool");
        return pool;
    }

    private static SessionHandler sessionHandler(Config config) {
        var sessions = new SessionHandler();
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.STRICT);
        // Behind a TLS-terminating proxy Jetty sees plain HTTP, so Secure must not depend on the request.
        sessions.setSecureRequestOnly(false);
        sessions.setSecureCookies(config.secureCookies());
        sessions.setMaxInactiveInterval(config.sessionIdleMinutes() * 60);
        sessions.setSessionCookie(SESSION_COOKIE);
        return sessions;
    }
}
