package tokendesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

class PagesAndHeadersTest {

    @Test
    void every_response_carries_the_security_headers() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            for (var path : new String[] {"/login", "/tokens", "/health", "/static/app.css", "/no/such/page"}) {
                var response = owner.get(path);
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                        .contains("script-src 'self'").doesNotContain("unsafe-inline");
                assertThat(response.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
                assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            }
        }
    }

    @Test
    void health_needs_no_sign_in_and_htmx_and_styles_are_served() {
        try (var server = TestServer.fresh()) {
            var client = server.client();
            var health = client.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"pass\",\"checks\":{\"database\":{\"status\":\"pass\"}}}");
            assertThat(client.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode()).isEqualTo(200);
            assertThat(client.get("/static/app.js").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void pages_have_no_inline_script() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            Tokens.create(server, owner, "any");
            for (var path : new String[] {"/login", "/tokens", "/tokens/new"}) {
                var body = owner.get(path).body();
                assertThat(body).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain(" onclick=")
                        .doesNotContain("style=\"");
            }
        }
    }

    @Test
    void unknown_pages_get_a_404_page_and_api_clients_get_json() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var page = owner.get("/no/such/page", "Accept", "text/html");
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).contains("There is no page at this address.");
            var api = owner.get("/api/nothing-here", "Accept", "application/json");
            assertThat(api.statusCode()).isEqualTo(404);
            assertThat(api.body()).contains("\"code\":\"not_found\"");
        }
    }

    @Test
    void user_text_is_escaped_everywhere_it_is_shown() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "<script>alert('x')</script>");
            for (var path : new String[] {"/tokens", "/tokens/" + token.id(), "/tokens/" + token.id() + "/revoke"}) {
                assertThat(owner.get(path).body()).as(path).doesNotContain("<script>alert").contains("&lt;script&gt;");
            }
        }
    }

    @Test
    void detail_page_has_the_four_tabs_and_each_tab_renders_alone_for_htmx() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var token = Tokens.create(server, owner, "detailed");
            var page = owner.get("/tokens/" + token.id()).body();
            assertThat(page).contains(">Overview<").contains(">Permissions<").contains(">Activity<").contains(">Manage<")
                    .contains("Web UI").contains(token.value().substring(token.value().length() - 4));
            var permissions = owner.get("/tokens/" + token.id() + "?tab=permissions", "HX-Request", "true").body();
            assertThat(permissions).startsWith("<div id=\"tab-panel\"").contains("Granted").contains("Effective");
            var activity = owner.get("/tokens/" + token.id() + "?tab=activity", "HX-Request", "true").body();
            assertThat(activity).contains("First used").contains("Never").contains("data-kind=\"created\"");
            var manage = owner.get("/tokens/" + token.id() + "?tab=manage", "HX-Request", "true").body();
            assertThat(manage).contains("id=\"manage-revoke\"").contains("id=\"manage-delete\"");
        }
    }
}
