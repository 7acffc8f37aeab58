package tokendesk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.javalin.http.HandlerType;
import io.javalin.security.Roles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tokendesk.auth.Public;
import tokendesk.permission.ItemScope;
import tokendesk.permission.Permission;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/** The OpenAPI document against the routes the server really registered, and how it is served. */
class ApiDocsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API endpoints outside /api/: the health check, the metrics and Telegraf's heartbeat output. */
    private static final Set<String> API_PATHS_OUTSIDE_API = Set.of("/health", "/metrics", "/agents/heartbeat");

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** "GET /api/tokens" → the roles Javalin holds for it, as the document writes them. */
    private static Map<String, Set<String>> registeredApiRoutes(TestServer server) {
        var routes = new TreeMap<String, Set<String>>();
        for (var parsed : server.app().unsafe.internalRouter.allHttpHandlers()) {
            var endpoint = parsed.endpoint;
            var path = endpoint.path;
            if (!endpoint.method.isHttpMethod() || !(path.startsWith("/api/") || API_PATHS_OUTSIDE_API.contains(path))) {
                continue;
            }
            var roles = endpoint.metadata(Roles.class);
            routes.put(endpoint.method.name() + " " + path, roles == null ? Set.of() : roles.getRoles().stream()
                    .filter(role -> !(role instanceof ItemScope)) // how a permission meets a token naming configs
                    .map(ApiDocsTest::roleName).collect(Collectors.toCollection(TreeSet::new)));
        }
        return routes;
    }

    private static String roleName(io.javalin.security.RouteRole role) {
        if (role instanceof Permission p) {
            return p.toString();
        }
        return role == Public.ANYONE || role == Public.SESSIONLESS ? "anyone" : "signed-in";
    }

    private static Map<String, Set<String>> documentedOperations(JsonNode document) {
        var operations = new TreeMap<String, Set<String>>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters")) {
                return;
            }
            var permissions = new TreeSet<String>();
            var listed = op.getValue().get("x-required-permissions");
            if (listed != null) {
                listed.forEach(p -> permissions.add(p.asText()));
            }
            operations.put(op.getKey().toUpperCase() + " " + path.getKey(), permissions);
        }));
        return operations;
    }

    @Test
    void every_registered_api_route_is_in_the_document_with_the_permissions_it_requires() {
        try (var server = TestServer.withOwner()) {
            var registered = registeredApiRoutes(server);
            var document = parse(server.owner().getJson(ApiDocs.JSON).body());
            var documented = documentedOperations(document);

            assertThat(registered).as("the routes were found at all").containsKeys("GET /api/tokens",
                    "POST /api/v2/authorizations", "PATCH /api/v2/authorizations/{authID}", "POST /agents/heartbeat",
                    "GET " + ApiDocs.JSON);
            assertThat(documented.keySet()).as("every API route documented, and nothing that is not a route")
                    .containsExactlyInAnyOrderElementsOf(registered.keySet());
            var wrong = new LinkedHashMap<String, String>();
            registered.forEach((route, roles) -> {
                if (!roles.equals(documented.get(route))) {
                    wrong.put(route, "registered " + roles + ", documented " + documented.get(route));
                }
            });
            assertThat(wrong).as("x-required-permissions matches the route table").isEmpty();

            document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                if (!op.getKey().equals("parameters")) {
                    assertThat(op.getValue().has("responses")).as(op.getKey() + " " + path.getKey()).isTrue();
                    assertThat(op.getValue().has("summary")).as(op.getKey() + " " + path.getKey()).isTrue();
                }
            }));
            assertThat(document.get("openapi").asText()).startsWith("3.");
            assertThat(document.at("/components/schemas/Authorization/properties").fieldNames())
                    .toIterable().contains("id", "token", "status", "description", "orgID", "org", "userID", "user",
                            "permissions", "createdAt", "updatedAt", "links");
        }
    }

    /** What clients generate code from must parse without a message: swagger-parser is what the generators use. */
    @Test
    void the_served_document_is_valid_openapi() {
        try (var server = TestServer.withOwner()) {
            var options = new ParseOptions();
            options.setResolve(true);
            var result = new OpenAPIParser().readContents(server.owner().getJson(ApiDocs.JSON).body(), null, options);
            assertThat(result.getMessages()).as("swagger-parser's errors").isEmpty();
            assertThat(result.getOpenAPI().getPaths()).containsKey("/api/tokens");
            // OpenAPI 3.0 defines nullable only next to a type; swagger-parser lets that pass, Redocly does not
            var untyped = new java.util.ArrayList<String>();
            nullableWithoutType(parse(server.owner().getJson(ApiDocs.JSON).body()), "", untyped);
            assertThat(untyped).as("schemas with nullable but no type").isEmpty();
        }
    }

    private static void nullableWithoutType(JsonNode node, String at, List<String> found) {
        if (node.isObject() && node.has("nullable") && !node.has("type")) {
            found.add(at);
        }
        if (node.isContainerNode()) {
            var i = new int[] {0};
            node.fields().forEachRemaining(f -> nullableWithoutType(f.getValue(), at + "/" + f.getKey(), found));
            if (node.isArray()) {
                node.forEach(item -> nullableWithoutType(item, at + "/" + i[0]++, found));
            }
        }
    }

    @Test
    void the_document_is_served_as_json_and_yaml_from_one_source() throws Exception {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var json = owner.getJson(ApiDocs.JSON);
            var yaml = owner.get(ApiDocs.YAML);
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(yaml.statusCode()).isEqualTo(200);
            assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
            assertThat(new YAMLMapper().readTree(yaml.body())).isEqualTo(parse(json.body()));
            assertThat(yaml.body()).startsWith("openapi: 3.");
        }
    }

    @Test
    void the_reference_is_for_signed_in_users_and_valid_tokens() {
        try (var server = TestServer.withOwner()) {
            var anonymous = server.client();
            var page = anonymous.get(ApiDocs.PAGE, "Accept", "text/html");
            assertThat(page.statusCode()).as("a browser is sent to sign in").isEqualTo(303);
            assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/login");
            assertThat(anonymous.getJson(ApiDocs.JSON).statusCode()).isEqualTo(401);
            assertThat(Api.withHeader(server, null).get(ApiDocs.YAML).statusCode()).isEqualTo(401);

            var owner = server.owner();
            var signedIn = owner.get(ApiDocs.PAGE);
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.body()).contains("id=\"swagger-ui\"", "data-spec=\"/api/docs/openapi.json\"",
                    "src=\"" + ApiDocs.SWAGGER_UI + "/swagger-ui-bundle.js\"", "src=\"/static/api-docs.js\"",
                    "id=\"nav-api-docs\"");
            assertThat(signedIn.body()).as("no inline script (CSP)").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
            assertThat(owner.get(ApiDocs.SWAGGER_UI + "/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
            assertThat(owner.get(ApiDocs.SWAGGER_UI + "/swagger-ui.css").statusCode()).isEqualTo(200);
            assertThat(owner.get("/static/api-docs.js").statusCode()).isEqualTo(200);

            var agent = Api.bearer(server, Tokens.create(server, owner, "agent", "telegraf").value());
            assertThat(agent.get(ApiDocs.JSON).statusCode()).as("any valid token may read the document").isEqualTo(200);
            assertThat(agent.get(ApiDocs.PAGE).statusCode()).as("the page is for people").isEqualTo(403);
        }
    }
}
