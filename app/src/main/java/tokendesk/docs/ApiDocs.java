package tokendesk.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/**
 * The OpenAPI 3 reference of every API endpoint. One hand-kept source, {@code openapi.yaml} on the class path,
 * served as YAML (read at startup) and as JSON (converted at the first request for it: the YAML parser costs a tenth of
 * a second of startup), and rendered at {@link #PAGE} by Swagger UI from its webjar.
 * {@code ApiDocsTest} checks it against the routes the server really registers.
 */
public final class ApiDocs {
    public static final String PAGE = Requests.API_REFERENCE_PAGE;
    public static final String JSON = "/api/docs/openapi.json";
    public static final String YAML = "/api/docs/openapi.yaml";
    static final String RESOURCE = "/openapi.yaml";
    /** Keep in step with the org.webjars:swagger-ui version in pom.xml. */
    static final String SWAGGER_UI = "/webjars/swagger-ui/5.34.1";

    private final String yaml;
    private volatile String json;

    public ApiDocs() {
        try (var in = ApiDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            this.yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as JSON; converted once (two requests at once may both convert it, to the same text). */
    String json() {
        var converted = json;
        if (converted == null) {
            try {
                converted = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(RESOURCE + " is not valid YAML: " + e.getOriginalMessage(), e);
            }
            json = converted;
        }
        return converted;
    }

    public void page(Context ctx) {
        Views.page(ctx, "docs/index", Map.of("swaggerUi", SWAGGER_UI, "spec", JSON));
    }

    public void json(Context ctx) {
        ctx.contentType("application/json; charset=utf-8").result(json());
    }

    public void yaml(Context ctx) {
        ctx.contentType("application/yaml; charset=utf-8").result(yaml);
    }
}
