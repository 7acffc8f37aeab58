package tokendesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.App;
import tokendesk.support.TestServer;

/**
 * Issue 23 item 3: an anonymous request leaves nothing on the server. The page it asked for travels in the sign-in
 * address, and the sign-in form's CSRF token is a signed cookie, so no request before sign-in makes a session.
 */
class AnonymousRequestsTest {
    private static TestServer server;
    /** No cookie store: every request arrives as a new visitor would send it. */
    private static final HttpClient ANONYMOUS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        server = TestServer.withOwner();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void ten_thousand_anonymous_requests_with_long_queries_leave_the_heap_as_it_was() throws Exception {
        // as long as a request line Jetty accepts (8 KB headers) allows
        var query = "/tokens?q=" + "x".repeat(7_800);
        var first = get(query);
        assertThat(first.statusCode()).isEqualTo(303);
        long before = heapAfterGc();

        var pool = Executors.newFixedThreadPool(4);
        try {
            var batches = new ArrayList<Callable<Integer>>();
            for (int t = 0; t < 4; t++) {
                batches.add(() -> {
                    int redirected = 0;
                    for (int i = 0; i < 2_500; i++) {
                        redirected += get(query + i).statusCode() == 303 ? 1 : 0;
                    }
                    return redirected;
                });
            }
            int redirected = 0;
            for (var batch : pool.invokeAll(batches)) {
                redirected += batch.get();
            }
            assertThat(redirected).isEqualTo(10_000);
        } finally {
            pool.shutdown();
        }

        long grown = heapAfterGc() - before;
        assertThat(grown).as("heap growth in bytes after 10,000 anonymous requests").isLessThan(5L * 1024 * 1024);
    }

    @Test
    void no_page_before_sign_in_makes_a_session() throws Exception {
        for (var path : new String[] {"/tokens?status=active", "/login", "/login?next=%2Ftokens", "/setup", "/users",
                "/no-such-page", "/health", "/static/app.css"}) {
            assertThat(sessionCookie(get(path))).as(path).isNull();
        }
        var browser = server.client();
        var refused = browser.signIn(TestServer.OWNER, "not the password");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(sessionCookie(refused)).isNull();
        assertThat(browser.sessionCookie()).isNull();
        assertThat(browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(browser.sessionCookie()).isNotNull();
    }

    @Test
    void sign_in_returns_to_the_page_asked_for_and_only_to_a_page_of_this_site() {
        var asked = get("/tokens?status=active&q=a%20b");
        assertThat(asked.headers().firstValue("Location")).hasValue("/login?next=%2Ftokens%3Fstatus%3Dactive%26q%3Da%2520b");

        var browser = server.client();
        var form = browser.get("/login?next=%2Ftokens%3Fstatus%3Dactive%26q%3Da%2520b").body();
        assertThat(form).contains("name=\"next\" value=\"/tokens?status=active&amp;q=a%20b\"");
        var signedIn = browser.post("/login", "username", TestServer.OWNER, "password", TestServer.OWNER_PASSWORD,
                "next", "/tokens?status=active&q=a%20b");
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/tokens?status=active&q=a%20b");

        for (var hostile : new String[] {"//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example",
                "javascript:alert(1)", "/ok\r\nSet-Cookie: x=y"}) {
            assertThat(server.client().get("/login?next=" + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8))
                    .body()).as(hostile).doesNotContain("name=\"next\"");
            var client = server.client();
            var answer = client.post("/login", "username", TestServer.OWNER, "password", TestServer.OWNER_PASSWORD, "next", hostile);
            assertThat(answer.headers().firstValue("Location")).as(hostile).hasValue("/");
        }
    }

    private static HttpResponse<String> get(String path) {
        try {
            return ANONYMOUS.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(App.SESSION_COOKIE + "="))
                .findFirst().orElse(null);
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
