package tokendesk.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import tokendesk.user.Principals;
import tokendesk.web.Json;

/** Configs over JSON, and the TOML text agents fetch. */
public final class ConfigApi {
    public static final String LIST = "/api/configs";
    public static final String ONE = "/api/configs/{id}";
    public static final String TOML = "/api/configs/{id}/toml";
    public static final String TOML_TYPE = "application/toml";

    private final ConfigService configs;

    public ConfigApi(ConfigService configs) {
        this.configs = configs;
    }

    /** A config as the API shows it; {@code toml} only where one config is answered. */
    record ConfigJson(String id, String name, String createdAt, String updatedAt, String createdBy, String updatedBy,
            String tomlUrl, @JsonInclude(JsonInclude.Include.NON_NULL) String toml) {

        static ConfigJson of(ConfigSummary c) {
            return new ConfigJson(c.id(), c.name(), Json.time(c.createdAt()), Json.time(c.updatedAt()), c.createdByName(),
                    c.updatedByName(), tomlUrl(c.id()), null);
        }

        static ConfigJson of(StoredConfig c) {
            return new ConfigJson(c.id(), c.name(), Json.time(c.createdAt()), Json.time(c.updatedAt()), c.createdByName(),
                    c.updatedByName(), tomlUrl(c.id()), c.toml());
        }

        private static String tomlUrl(String id) {
            return LIST + "/" + id + "/toml";
        }
    }

    public void list(Context ctx) {
        ctx.json(configs.list(Principals.tokenPermissionsOrNull(ctx)).stream().map(ConfigJson::of).toList());
    }

    /** {"name","toml"} → 201 with the config; 400 for bad input, 409 config_name_conflict for a taken name. */
    public void create(Context ctx) {
        var body = Json.object(ctx);
        var name = Json.optionalText(body, "name", Integer.MAX_VALUE);
        var toml = Json.optionalText(body, "toml", Integer.MAX_VALUE);
        var created = configs.create(Principals.userOrNull(ctx), name, toml);
        ctx.status(201);
        ctx.header("Location", LIST + "/" + created.id());
        ctx.json(ConfigJson.of(created));
    }

    /** {"name","toml"} → 200 with the config as saved; 400, 404 or 409 as for create. */
    public void update(Context ctx) {
        var body = Json.object(ctx);
        var name = Json.optionalText(body, "name", Integer.MAX_VALUE);
        var toml = Json.optionalText(body, "toml", Integer.MAX_VALUE);
        ctx.json(ConfigJson.of(configs.update(Principals.userOrNull(ctx), ctx.pathParam("id"), name, toml)));
    }

    /** → 204; the tokens that named the config lose it (SPEC 10.4). */
    public void delete(Context ctx) {
        configs.delete(Principals.userOrNull(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    public void get(Context ctx) {
        ctx.json(ConfigJson.of(configs.get(ctx.pathParam("id"))));
    }

    public void toml(Context ctx) {
        var config = configs.get(ctx.pathParam("id"));
        ctx.contentType(TOML_TYPE + "; charset=utf-8");
        ctx.result(config.toml());
    }
}
