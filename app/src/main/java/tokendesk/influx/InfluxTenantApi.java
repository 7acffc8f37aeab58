package tokendesk.influx;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokendesk.shared.NotFound;
import tokendesk.user.Principals;
import tokendesk.user.User;
import tokendesk.user.UserService;

/**
 * The parts of InfluxDB's organizations and users API its clients need around authorizations: the one fixed
 * organization, the users the caller may see, and {@code /api/v2/me}. Read only.
 */
public final class InfluxTenantApi {
    public static final String ORGS = "/api/v2/orgs";
    public static final String ORG = "/api/v2/orgs/{orgID}";
    public static final String USERS = "/api/v2/users";
    public static final String USER = "/api/v2/users/{userID}";
    public static final String ME = "/api/v2/me";

    private final UserService users;

    public InfluxTenantApi(UserService users) {
        this.users = users;
    }

    /** Filters {@code org} (name) and {@code orgID}; another organization is a 404, as in InfluxDB. */
    public void orgs(Context ctx) {
        InfluxOrg.requireFilter(InfluxAuthApi.query(ctx, "orgID"), InfluxAuthApi.query(ctx, "org"));
        var body = new LinkedHashMap<String, Object>();
        body.put("links", Map.of("self", ORGS));
        body.put("orgs", List.of(InfluxOrg.json()));
        ctx.json(body);
    }

    public void org(Context ctx) {
        var id = ctx.pathParam("orgID");
        if (!InfluxOrg.ID.equals(id)) {
            throw new NotFound("organization not found");
        }
        ctx.json(InfluxOrg.json());
    }

    /**
     * Filters {@code name} and {@code id}; with users:read (the role's, and the token's when one is used) every user,
     * otherwise only oneself, as InfluxDB requires read:users.
     */
    public void users(Context ctx) {
        var name = InfluxAuthApi.query(ctx, "name");
        var id = InfluxAuthApi.query(ctx, "id");
        var found = users.visibleTo(Principals.user(ctx), Principals.tokenPermissionsOrNull(ctx)).stream()
                .filter(u -> name == null || u.username().equals(name))
                .filter(u -> id == null || u.id().equals(id))
                .toList();
        if (found.isEmpty() && (name != null || id != null)) {
            throw new NotFound("user not found");
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("links", Map.of("self", USERS));
        body.put("users", found.stream().map(InfluxTenantApi::json).toList());
        ctx.json(body);
    }

    public void user(Context ctx) {
        var id = ctx.pathParam("userID");
        var user = users.visibleTo(Principals.user(ctx), Principals.tokenPermissionsOrNull(ctx)).stream()
                .filter(u -> u.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFound("user not found"));
        ctx.json(json(user));
    }

    public void me(Context ctx) {
        ctx.json(json(Principals.user(ctx)));
    }

    /** A user as InfluxDB shows one; never anything about the password. */
    static Map<String, Object> json(User user) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", user.id());
        json.put("name", user.username());
        json.put("status", user.disabled() ? "inactive" : "active");
        json.put("links", Map.of("self", USERS + "/" + user.id()));
        return json;
    }
}
