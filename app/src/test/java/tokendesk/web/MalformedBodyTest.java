package tokendesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;

/** Bodies the server cannot even parse are the client's fault: a 4xx with a message, never a 500 incident. */
class MalformedBodyTest {
    private static final String BROKEN_MULTIPART = "multipart/form-data; boundary=xyz";

    @Test
    void a_broken_multipart_sign_in_is_a_400_with_a_message() {
        try (var server = TestServer.withOwner()) {
            var browser = server.client();
            var answer = browser.raw("POST", "/login", BROKEN_MULTIPART, "<script>alert(1)</script>",
                    "X-CSRF-Token", browser.csrf());
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("id=\"error-message\"").contains("could not be read")
                    .doesNotContain("incident");
        }
    }

    @Test
    void a_broken_multipart_form_without_csrf_header_is_a_400_for_json_clients_too() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            // no CSRF header, so the CSRF check itself has to read the broken body
            var answer = owner.raw("POST", "/tokens", BROKEN_MULTIPART, "--xyz\r\nnonsense", "Accept", "application/json");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"code\":\"invalid\"").contains("could not be read");
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
    }

    @Test
    void bodies_over_one_mebibyte_are_refused_with_413_and_a_message() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var huge = "x".repeat(1024 * 1024 + 1);
            var json = owner.postJson("/api/tokens", "{\"description\":\"" + huge + "\",\"permissions\":[\"configs:read\"]}");
            assertThat(json.statusCode()).isEqualTo(413);
            assertThat(json.body()).contains("\"code\":\"too_large\"").contains("\"message\"");
            // the unread rest of the body stays on the connection: the client must not send its next request there
            assertThat(json.headers().firstValue("Connection")).hasValue("close");
            var form = owner.post("/tokens", "description", huge, "expiration", "30d", "preset", "read");
            assertThat(form.statusCode()).isEqualTo(413);
            assertThat(form.body()).contains("id=\"error-message\"");
            assertThat(form.headers().firstValue("Connection")).hasValue("close");
            assertThat(owner.get("/tokens").statusCode()).as("the next request, on a new connection").isEqualTo(200);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
    }

    /**
     * A refusal before the body is needed (a 401 at the access check) reads the body first, so the connection stays
     * fit for the next request (see HostileInputTest for why the answer must wait for the body).
     */
    @Test
    void a_request_with_a_body_refused_before_it_is_needed_keeps_its_connection() {
        try (var server = TestServer.withOwner()) {
            var anonymous = server.client();
            var refused = anonymous.raw("POST", "/api/tokens", "application/json", "{\"description\":\"" + "x".repeat(200_000)
                    + "\"}", "Authorization", "Bearer tc-apiv1_" + "0".repeat(64));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Connection")).isEmpty();
            assertThat(anonymous.get("/health").statusCode()).as("the next request, on the same connection").isEqualTo(200);
        }
    }

    /**
     * A request Jetty refuses itself (an encoded control character in the path) with a body it does not read: its 400
     * closes the connection and says so, or the client's next request on it would get nothing back.
     */
    @Test
    void a_request_jetty_refuses_before_any_handler_closes_its_connection_and_says_so() {
        try (var server = TestServer.withOwner()) {
            var client = server.client();
            for (int i = 0; i < 3; i++) {
                var refused = client.raw("DELETE", "/api/v2/authorizations/%00%01abc", "application/json",
                        "{\"x\":\"" + "A".repeat(60_000) + "\"}");
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.headers().firstValue("Connection")).hasValue("close");
                assertThat(client.get("/health").statusCode()).as("the next request").isEqualTo(200);
            }
        }
    }

    /** PostgreSQL cannot store U+0000 in text: the same clear 400 on every database, before anything is read or written. */
    @Test
    void the_nul_character_in_a_form_query_or_json_value_is_a_400_with_a_reason() {
        try (var server = TestServer.withOwner()) {
            var signIn = server.client().post("/login", "username", "\0", "password", "a long enough password");
            assertThat(signIn.statusCode()).isEqualTo(400);
            assertThat(signIn.body()).contains("NUL character").doesNotContain("incident");
            var owner = server.owner();
            assertThat(owner.get("/tokens?q=a%00b").statusCode()).isEqualTo(400);
            var json = owner.postJson("/api/tokens", "{\"description\":\"a\\u0000b\",\"permissions\":[\"configs:read\"]}");
            assertThat(json.statusCode()).isEqualTo(400);
            assertThat(json.body()).contains("\"code\":\"invalid\"").contains("NUL character");
            var nested = owner.postJson("/api/tokens", "{\"description\":\"ok\",\"permissions\":[\"configs:read\u0000\"]}");
            assertThat(nested.statusCode()).isEqualTo(400);
            assertThat(server.count("SELECT COUNT(*) FROM tokens")).isZero();
        }
    }
}
