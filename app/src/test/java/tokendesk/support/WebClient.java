package tokendesk.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An HTTP client that behaves like one browser tab: its own cookies, no automatic redirects, CSRF from pages. */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;

    WebClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A client of a server this JVM did not start (e.g. a {@link RunningJar}). */
    public static WebClient at(String baseUrl) {
        return new WebClient(baseUrl);
    }

    public HttpResponse<String> get(String path, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    /** A form post with this client's CSRF token added (fetched from a page if needed). */
    public HttpResponse<String> post(String path, String... fields) {
        var all = new ArrayList<>(List.of(fields));
        all.add("_csrf");
        all.add(csrf());
        return postRaw(path, all.toArray(new String[0]));
    }

    /** An htmx form post (HX-Request header) with the CSRF token as header. */
    public HttpResponse<String> htmxPost(String path, String... fields) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true")
                .header("X-CSRF-Token", csrf())
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    /** A JSON request from a signed-in browser session, with the CSRF header unless told otherwise. */
    public HttpResponse<String> json(String method, String path, String body, boolean withCsrf) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withCsrf) {
            builder.header("X-CSRF-Token", csrf());
        }
        return send(builder);
    }

    /** A JSON request as an API client sends it: JSON body and Accept, plus this session's CSRF header. */
    public HttpResponse<String> postJson(String path, String json) {
        return json("POST", path, json, true);
    }

    /** A post with this body and content type and this session's CSRF header, but no Accept header (like Telegraf). */
    public HttpResponse<String> postBody(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .header("X-CSRF-Token", csrf())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A GET that asks for JSON. */
    public HttpResponse<String> getJson(String path) {
        return get(path, "Accept", "application/json");
    }

    /** A form post exactly as given: no CSRF token unless the fields carry one. */
    public HttpResponse<String> postRaw(String path, String... fields) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    /**
     * Any request exactly as given: method, content type (none when null), body (none when null) and header
     * name, value pairs. Nothing is added: no CSRF token unless the headers or body carry one.
     */
    public HttpResponse<String> raw(String method, String path, String contentType, String body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(java.time.Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    public String csrf() {
        if (csrf == null) {
            for (var page : List.of("/login", "/setup", "/tokens", "/")) {
                var matcher = CSRF.matcher(get(page).body());
                if (matcher.find()) {
                    csrf = matcher.group(1);
                    return csrf;
                }
            }
            throw new IllegalStateException("no CSRF token on /login, /setup, /tokens or /");
        }
        return csrf;
    }

    public HttpResponse<String> signIn(String username, String password) {
        csrf = null;
        var response = post("/login", "username", username, "password", password);
        csrf = null;
        return response;
    }

    public String sessionCookie() {
        return cookie("TOKENDESK_SESSION");
    }

    /** The value of this client's cookie of that name, or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(c -> c.getValue()).findFirst().orElse(null);
    }

    public void forget() {
        cookies.getCookieStore().removeAll();
        csrf = null;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(String... fields) {
        var parts = new ArrayList<String>();
        for (int i = 0; i < fields.length; i += 2) {
            parts.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }
}
