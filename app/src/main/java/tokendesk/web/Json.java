package tokendesk.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import tokendesk.shared.RuleBroken;

/** Reading JSON request bodies: anything that is not a JSON object is a 400 {"code":"invalid"}, never a 500. */
public final class Json {
    /** Strict: {"ids":[…]}&{…} is not JSON, and a key given twice is ambiguous; both are a 400, not a guess. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** An empty JSON object, for a request whose body is optional and absent. */
    public static ObjectNode emptyObject() {
        return MAPPER.createObjectNode();
    }

    /** The request body as a JSON object; unknown fields are the caller's to ignore. */
    public static ObjectNode object(Context ctx) {
        var body = ctx.body();
        if (body.isBlank()) {
            throw invalid("Send a JSON object as the request body.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        if (holdsNul(node)) {
            throw invalid(Requests.NUL_MESSAGE);
        }
        return (ObjectNode) node;
    }

    private static boolean holdsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        var names = node.fieldNames();
        while (names.hasNext()) {
            if (names.next().indexOf('\0') >= 0) {
                return true;
            }
        }
        for (var child : node) {
            if (holdsNul(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An optional string field: null when absent or JSON null. A value of another type, or one longer than
     * {@code max} characters, is a 400.
     */
    public static String optionalText(JsonNode body, String field, int max) {
        var value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw RuleBroken.field(field, "\"" + field + "\" must be a string.");
        }
        if (value.textValue().length() > max) {
            throw RuleBroken.field(field, "\"" + field + "\" must be at most " + max + " characters.");
        }
        return value.textValue();
    }

    /** Parses JSON text written by this application (e.g. a stored heartbeat's statistics); null stays null. */
    public static JsonNode parseStored(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** ISO-8601 in UTC, or null: how times appear in every JSON response. */
    public static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    private static RuleBroken invalid(String message) {
        return RuleBroken.of(Map.of("body", message));
    }
}
