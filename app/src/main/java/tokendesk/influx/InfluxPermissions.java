package tokendesk.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.shared.Ids;
import tokendesk.shared.RuleBroken;

/**
 * InfluxDB permissions ({@code {"action":"write","resource":{"type":"authorizations"}}}) to ours
 * ({@code tokens:write}) and back. Type {@code authorizations} is our {@code tokens}; our other resource names
 * are their own type. A permission covers every resource of its type; a {@code resource.id} names one config
 * ({@code configs:read:<id>}, SPEC 10.4), and on any other type it is refused rather than silently widened.
 */
final class InfluxPermissions {
    static final String AUTHORIZATIONS = "authorizations";
    private static final String FIELD = "permissions";

    private InfluxPermissions() {
    }

    /** The request's permissions as our text form ("tokens:write"), for the token service to check and store. */
    static List<String> parse(JsonNode node) {
        if (node == null || node.isNull() || !node.isArray() || node.isEmpty()) {
            throw invalid("permissions must be a non-empty array of {\"action\": \"read\"|\"write\", \"resource\": {\"type\": …}}.");
        }
        var result = new ArrayList<String>();
        for (var item : node) {
            result.add(parseOne(item).toString());
        }
        return result;
    }

    private static Permission parseOne(JsonNode item) {
        if (!item.isObject()) {
            throw invalid("Each permission must be an object {\"action\", \"resource\"}.");
        }
        var actionNode = item.get("action");
        var action = actionNode != null && actionNode.isTextual() ? Action.fromWireName(actionNode.textValue()) : java.util.Optional.<Action>empty();
        if (action.isEmpty()) {
            throw invalid("Permission action must be \"read\" or \"write\".");
        }
        var resource = item.get("resource");
        if (resource == null || !resource.isObject()) {
            throw invalid("Each permission needs a resource object with a type.");
        }
        var typeNode = resource.get("type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.textValue().isBlank()) {
            throw invalid("Each permission resource needs a type, such as \"" + AUTHORIZATIONS + "\".");
        }
        var type = typeNode.textValue();
        var ours = resourceOf(type);
        String id = null;
        if (present(resource, "id")) {
            var idNode = resource.get("id");
            if (!ours.hasItems()) {
                throw invalid("resource.id is supported for type \"configs\" only: a tokendesk permission covers every"
                        + " resource of type \"" + type + "\"; leave the id out.");
            }
            if (!idNode.isTextual() || !Ids.isWellFormed(idNode.textValue())) {
                throw invalid("resource.id must be a config id: 16 lowercase hex characters.");
            }
            id = idNode.textValue();
        }
        if (present(resource, "orgID")) {
            var orgId = resource.get("orgID");
            InfluxOrg.requireBodyId("resource.orgID", orgId.isTextual() ? orgId.textValue() : null);
        }
        if (present(resource, "org") && !(resource.get("org").isTextual() && InfluxOrg.NAME.equals(resource.get("org").textValue()))) {
            throw invalid("resource.org must be \"" + InfluxOrg.NAME + "\", this server's only organization.");
        }
        return new Permission(ours, action.get(), id);
    }

    private static Resource resourceOf(String type) {
        if (type.equals(AUTHORIZATIONS)) {
            return Resource.TOKENS;
        }
        return Resource.fromWireName(type).filter(r -> r != Resource.TOKENS).orElseThrow(() -> invalid(
                "Unknown permission resource type \"" + InfluxOrg.shorten(type) + "\"; tokendesk knows "
                        + knownTypes() + "."));
    }

    private static String knownTypes() {
        var names = new ArrayList<String>();
        for (var r : Resource.values()) {
            names.add(r == Resource.TOKENS ? AUTHORIZATIONS : r.wireName());
        }
        return String.join(", ", names);
    }

    private static boolean present(JsonNode object, String field) {
        return object.has(field) && !object.get(field).isNull();
    }

    /**
     * The permissions as they were asked for ({@code requested}, in their order, a read next to a write kept), as
     * InfluxDB echoes them; when they no longer describe the token (made before they were kept, or clipped by a
     * reassign), the token's own permissions, one entry each.
     */
    static List<Map<String, Object>> render(PermissionSet permissions, String requested) {
        var asked = requested == null ? List.<Permission>of()
                : java.util.Arrays.stream(requested.split(",")).map(Permission::parse).flatMap(java.util.Optional::stream).toList();
        var shown = !asked.isEmpty() && PermissionSet.of(asked).equals(permissions) ? asked : permissions.permissions();
        var result = new ArrayList<Map<String, Object>>();
        for (var p : shown) {
            result.add(entry(p.action(), p.resource() == Resource.TOKENS ? AUTHORIZATIONS : p.resource().wireName(), p.item()));
        }
        return result;
    }

    private static Map<String, Object> entry(Action action, String type, String id) {
        var resource = new LinkedHashMap<String, Object>();
        resource.put("type", type);
        if (id != null) {
            resource.put("id", id);
        }
        resource.put("orgID", InfluxOrg.ID);
        resource.put("org", InfluxOrg.NAME);
        var json = new LinkedHashMap<String, Object>();
        json.put("action", action.wireName());
        json.put("resource", resource);
        return json;
    }

    private static RuleBroken invalid(String message) {
        return RuleBroken.field(FIELD, message);
    }
}
