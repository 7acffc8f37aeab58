package tokendesk.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tokendesk.shared.RuleBroken;
import tokendesk.web.Json;

/**
 * One message of Telegraf's heartbeat output plugin. Telegraf sends the configured instance id as {@code id}
 * (with {@code version}, {@code schema}, optional {@code hostname}, {@code statistics}, {@code configurations},
 * {@code logs}, {@code status}); {@code instance_id} and {@code configs} are accepted too. Unknown fields are ignored,
 * and {@code statistics} and {@code configurations} are kept as the JSON they came as, each at most
 * {@link #MAX_CONTAINER_BYTES} (Telegraf's own fit in a few KB; the limit bounds what every agent costs in memory and
 * in the database, and anything larger is a 400 {@code field_too_large} naming the field).
 */
record Heartbeat(String instanceId, String hostname, String version, String status, String statistics,
        String configurations) {
    static final int MAX_TEXT = 255;
    static final int MAX_STATUS = 32;
    /** The most {@code statistics} or {@code configurations} may take, each, as serialized JSON in UTF-8. */
    static final int MAX_CONTAINER_BYTES = 16 * 1024;
    static final String TOO_LARGE = "field_too_large";

    static Heartbeat parse(JsonNode body) {
        var field = body.hasNonNull("instance_id") ? "instance_id" : "id";
        var instanceId = Json.optionalText(body, field, MAX_TEXT);
        if (instanceId == null || instanceId.isBlank()) {
            throw RuleBroken.field("instance_id", "\"instance_id\" is required: the id of the Telegraf instance.");
        }
        return new Heartbeat(
                instanceId.strip(),
                blankToNull(Json.optionalText(body, "hostname", MAX_TEXT)),
                blankToNull(Json.optionalText(body, "version", MAX_TEXT)),
                blankToNull(Json.optionalText(body, "status", MAX_STATUS)),
                container(body, "statistics"),
                container(body, body.has("configurations") ? "configurations" : "configs"));
    }

    /** An optional JSON object or array, as text; any other JSON type is a 400. */
    private static String container(JsonNode body, String field) {
        var value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isContainerNode()) {
            throw RuleBroken.field(field, "\"" + field + "\" must be a JSON object or array.");
        }
        var json = value.toString();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CONTAINER_BYTES) {
            throw new RuleBroken(TOO_LARGE, RuleBroken.Kind.INVALID, Map.of(field, "\"" + field + "\" must be at most "
                    + MAX_CONTAINER_BYTES / 1024 + " KB (" + MAX_CONTAINER_BYTES + " bytes) as JSON; this one is " + bytes
                    + " bytes."));
        }
        return json;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
