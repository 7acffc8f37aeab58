package tokendesk.influx;

import java.util.LinkedHashMap;
import java.util.Map;
import tokendesk.shared.Ids;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;

/**
 * The one organization InfluxDB clients see. tokendesk has no organizations, so it is a constant: its id
 * ("tokendsk" in hex) is the same on every start and every server.
 */
final class InfluxOrg {
    static final String ID = "746f6b656e64736b";
    static final String NAME = "tokendesk";
    private static final String CREATED_AT = "2026-01-01T00:00:00Z";

    private InfluxOrg() {
    }

    static Map<String, Object> json() {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", ID);
        json.put("name", NAME);
        json.put("description", "The organization of this tokendesk server; every token belongs to it.");
        json.put("status", "active");
        json.put("createdAt", CREATED_AT);
        json.put("updatedAt", CREATED_AT);
        json.put("links", Map.of("self", InfluxTenantApi.ORGS + "/" + ID));
        return json;
    }

    /** A filter by organization: a malformed id is a 400, another organization a 404. Null means no filter. */
    static void requireFilter(String orgId, String orgName) {
        if (orgId != null) {
            if (!Ids.isWellFormed(orgId)) {
                throw RuleBroken.field("orgID", "orgID must be 16 lowercase hex characters.");
            }
            if (!orgId.equals(ID)) {
                throw new NotFound("organization not found");
            }
        }
        if (orgName != null && !orgName.equals(NAME)) {
            throw new NotFound("organization name \"" + shorten(orgName) + "\" not found");
        }
    }

    /** An organization named in a request body: it must be this server's. */
    static void requireBodyId(String field, String orgId) {
        if (!ID.equals(orgId)) {
            throw RuleBroken.field(field, field + " must be " + ID + ", the id of this server's only organization ("
                    + NAME + "); see GET " + InfluxTenantApi.ORGS + ".");
        }
    }

    /** Echoing a name from the request: short and printable. */
    static String shorten(String text) {
        var printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
