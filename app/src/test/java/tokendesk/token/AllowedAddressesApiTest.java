package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/** SPEC §10.1 through HTTP, behind a trusted proxy so each request can come from the address it names. */
class AllowedAddressesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static WebClient owner;
    private static Api admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD).withTrustProxy(true));
        owner = server.owner();
        admin = Api.bearer(server, Tokens.create(server, owner, "admin-ci", "full", "never").value());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenIsRefusedFromOtherAddressesWithTheSame401AsAnyBadToken() throws Exception {
        var created = admin.post("/api/tokens", "{\"description\":\"ci-net\",\"permissions\":[\"tokens:read\"],"
                + "\"allowedAddresses\":[\"10.1.2.3/8\",\"2001:DB8::/32\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var body = json(created);
        assertThat(body.get("allowedAddresses").toString()).isEqualTo("[\"10.0.0.0/8\",\"2001:db8::/32\"]");
        var id = body.get("id").asText();
        var token = Api.bearer(server, body.get("token").asText());
        double deniedBefore = addressDenied();

        assertThat(from(token, "10.9.9.9", "/api/tokens/" + id).statusCode()).isEqualTo(200);
        assertThat(from(token, "2001:db8::5", "/api/tokens/" + id).statusCode()).isEqualTo(200);
        var refused = from(token, "192.0.2.1", "/api/tokens/" + id);
        var unknown = from(Api.bearer(server, "tc-apiv1_" + "0".repeat(64)), "192.0.2.2", "/api/tokens/" + id);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(unknown.body());
        from(token, "192.0.2.1", "/api/tokens/" + id); // within the minute: one line on the Activity tab

        var activity = owner.get("/tokens/" + id + "?tab=activity").body();
        assertThat(activity.split("Refused from 192.0.2.1 \\(address not allowed\\)", -1)).hasSize(2);
        assertThat(addressDenied() - deniedBefore).isEqualTo(2.0);
    }

    @Test
    void aChangeIsAuditedAndTakesEffectOnTheVeryNextRequest() throws Exception {
        var created = Tokens.create(server, owner, "moving-agent", "full", "never");
        var token = Api.bearer(server, created.value());
        var path = "/api/tokens/" + created.id() + "/allowed-addresses";
        assertThat(from(token, "192.0.2.7", "/api/tokens/" + created.id()).statusCode()).isEqualTo(200);

        var changed = admin.send("PUT", path, "{\"allowedAddresses\":[\"10.0.0.0/8\"]}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).get("allowedAddresses").toString()).isEqualTo("[\"10.0.0.0/8\"]");
        assertThat(from(token, "192.0.2.7", "/api/tokens/" + created.id()).statusCode()).isEqualTo(401);
        assertThat(from(token, "10.0.0.7", "/api/tokens/" + created.id()).statusCode()).isEqualTo(200);

        assertThat(admin.send("PUT", path, "{\"allowedAddresses\":[]}").statusCode()).isEqualTo(200);
        assertThat(from(token, "192.0.2.7", "/api/tokens/" + created.id()).statusCode()).isEqualTo(200);

        assertThat(server.count("SELECT COUNT(*) FROM audit_events WHERE action = 'token.addresses-changed'"
                + " AND target_ids = '" + created.id() + "'")).isEqualTo(2);
        assertThat(owner.get("/tokens/" + created.id() + "?tab=activity").body())
                .contains("Allowed addresses changed by owner")
                .contains("was anywhere, now 10.0.0.0/8").contains("was 10.0.0.0/8, now anywhere");
    }

    @Test
    void badEntriesAndAManagerOfAnotherUsersTokenGetA4xxAndChangeNothing() throws Exception {
        var created = admin.post("/api/tokens", "{\"description\":\"bad-net\",\"permissions\":[\"tokens:read\"],"
                + "\"allowedAddresses\":[\"10.0.0.0/8\",\"10.0.0.300\"]}");
        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(json(created).get("message").asText())
                .contains("\"10.0.0.300\" is not an IPv4 or IPv6 address or CIDR range.");
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE description = 'bad-net'")).isZero();

        var target = Tokens.create(server, owner, "kept-net", "full", "never");
        var path = "/api/tokens/" + target.id() + "/allowed-addresses";
        var tooMany = IntStream.range(0, 51).mapToObj(i -> "\"10.0.0." + i + "\"").collect(Collectors.joining(","));
        for (var bad : new String[] {"{\"allowedAddresses\":[" + tooMany + "]}", "{\"allowedAddresses\":\"10.0.0.1\"}",
                "{}", "{\"allowedAddresses\":[\"localhost\"]}"}) {
            var answer = admin.send("PUT", path, bad);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(answer).get("code").asText()).isEqualTo("invalid");
        }
        Users.create(server, owner, "mona", Role.MANAGER);
        var mona = Users.signedIn(server, "mona");
        var monaApi = Api.bearer(server, Tokens.create(server, mona, "mona-ci", "full", "never").value());
        assertThat(monaApi.send("PUT", path, "{\"allowedAddresses\":[\"10.0.0.1\"]}").statusCode()).isEqualTo(404);
        assertThat(json(admin.get("/api/tokens/" + target.id())).get("allowedAddresses").toString()).isEqualTo("[]");
    }

    /** The create dialog and the Manage tab: a bad entry is shown next to the field, with the text kept. */
    @Test
    void theCreateFormAndTheManageTabSetThemAndShowABadEntry() throws Exception {
        var bad = owner.post("/tokens", "description", "form-net", "expiration", "never", "preset", "read",
                "allowedAddresses", "10.0.0.0/8\nnot-an-address");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"allowedAddresses-error\"")
                .contains("&quot;not-an-address&quot; is not an IPv4 or IPv6 address or CIDR range.");
        var made = owner.post("/tokens", "description", "form-net", "expiration", "never", "preset", "read",
                "allowedAddresses", "10.0.0.0/8\n 2001:db8::1 ");
        assertThat(made.statusCode()).isEqualTo(200);
        var id = Tokens.idOf(server, "form-net");
        assertThat(owner.get("/tokens/" + id).body()).contains("10.0.0.0/8, 2001:db8::1");

        var refused = owner.post("/tokens/" + id + "/allowed-addresses", "allowedAddresses", "192.168.0.0/16\n10.0.0.0/33");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("&quot;10.0.0.0/33&quot; is not an IPv4 or IPv6 address or CIDR range.")
                .contains("192.168.0.0/16\n10.0.0.0/33</textarea>");
        var saved = owner.post("/tokens/" + id + "/allowed-addresses", "allowedAddresses", "192.168.0.0/16, 10.1.0.0/16");
        assertThat(saved.statusCode()).isIn(200, 303);
        assertThat(json(admin.get("/api/tokens/" + id)).get("allowedAddresses").toString())
                .isEqualTo("[\"192.168.0.0/16\",\"10.1.0.0/16\"]");
        assertThat(owner.get("/tokens?unused=90").body()).containsPattern("id=\"unused-filter\"[^>]*checked");
    }

    /** Without TRUST_PROXY the address is the connection's: a forwarded header cannot talk a token in (or out). */
    @Test
    void theAddressIsTheConnectionsUnlessTheProxyIsTrusted() throws Exception {
        try (var direct = TestServer.withOwner()) {
            var directAdmin = Api.bearer(direct, Tokens.create(direct, direct.owner(), "admin", "full", "never").value());
            var elsewhere = json(directAdmin.post("/api/tokens", "{\"description\":\"elsewhere\","
                    + "\"permissions\":[\"tokens:read\"],\"allowedAddresses\":[\"10.0.0.0/8\"]}"));
            var loopback = json(directAdmin.post("/api/tokens", "{\"description\":\"loopback\","
                    + "\"permissions\":[\"tokens:read\"],\"allowedAddresses\":[\"127.0.0.1\",\"::1\"]}"));
            assertThat(from(Api.bearer(direct, elsewhere.get("token").asText()), "10.1.1.1", "/api/tokens").statusCode())
                    .isEqualTo(401);
            assertThat(from(Api.bearer(direct, loopback.get("token").asText()), "192.0.2.1", "/api/tokens").statusCode())
                    .isEqualTo(200);
        }
    }

    private static double addressDenied() {
        var line = "tokendesk_token_authentications_total{outcome=\"address_denied\"} ";
        var metrics = owner.get("/metrics").body();
        int at = metrics.indexOf(line) + line.length();
        return Double.parseDouble(metrics.substring(at, metrics.indexOf('\n', at)));
    }

    private static HttpResponse<String> from(Api api, String address, String path) {
        return api.send("GET", path, null, "X-Forwarded-For", address);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
