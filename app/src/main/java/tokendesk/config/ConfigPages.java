package tokendesk.config;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.Resource;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Principals;
import tokendesk.web.Dialogs;
import tokendesk.web.Flash;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/** The "Configs" pages: the list, one config, and the create/edit/delete dialogs (plain pages without JavaScript). */
public final class ConfigPages {
    public static final String LIST = "/configs";
    public static final String NEW = "/configs/new";
    public static final String DETAIL = "/configs/{id}";
    public static final String ACTION = "/configs/{id}/{action}";

    static final String LIST_TEMPLATE = "configs/list";
    static final String DETAIL_TEMPLATE = "configs/detail";
    static final String DIALOG_TEMPLATE = "configs/dialog";
    static final String CHANGED_EVENT = "configs-changed";
    private static final Permission CONFIGS_WRITE = Permission.of(Resource.CONFIGS, Action.WRITE);

    private final ConfigService configs;

    public ConfigPages(ConfigService configs) {
        this.configs = configs;
    }

    public void list(Context ctx) {
        Views.pageOrFragment(ctx, LIST_TEMPLATE, "config-table",
                Map.of("configs", configs.list(Principals.tokenPermissionsOrNull(ctx)), "canWrite", canWrite(ctx)));
    }

    public void detail(Context ctx) {
        Views.page(ctx, DETAIL_TEMPLATE, Map.of("config", configs.get(ctx.pathParam("id")), "canWrite", canWrite(ctx)));
    }

    public void newForm(Context ctx) {
        Views.pageOrFragment(ctx, DIALOG_TEMPLATE, "dialog", dialogModel(ConfigAction.CREATE, null, "", "", "list"));
    }

    public void create(Context ctx) {
        var name = Requests.text(ctx.formParam("name"));
        var toml = ctx.formParam("toml");
        try {
            var created = configs.create(Principals.user(ctx), name, toml);
            done(ctx, "Config \u201c" + created.name() + "\u201d created.", "list", LIST);
        } catch (RuleBroken e) {
            showErrors(ctx, dialogModel(ConfigAction.CREATE, null, name, toml, "list"), e);
        }
    }

    /** The edit form or the delete confirmation of one config. */
    public void dialog(Context ctx) {
        var action = ConfigAction.parse(ctx.pathParam("action"));
        var config = configs.get(ctx.pathParam("id"));
        var model = dialogModel(action, config, config.name(), config.toml(), origin(ctx.queryParam("origin")));
        Views.pageOrFragment(ctx, DIALOG_TEMPLATE, "dialog", model);
    }

    public void act(Context ctx) {
        var action = ConfigAction.parse(ctx.pathParam("action"));
        var config = configs.get(ctx.pathParam("id"));
        var origin = origin(ctx.formParam("origin"));
        if (action == ConfigAction.DELETE) {
            configs.delete(Principals.user(ctx), config.id());
            done(ctx, "Config \u201c" + config.name() + "\u201d deleted.", origin, LIST);
            return;
        }
        var name = Requests.text(ctx.formParam("name"));
        var toml = ctx.formParam("toml");
        try {
            var saved = configs.update(Principals.user(ctx), config.id(), name, toml);
            done(ctx, "Config \u201c" + saved.name() + "\u201d saved.", origin,
                    "detail".equals(origin) ? LIST + "/" + saved.id() : LIST);
        } catch (RuleBroken e) {
            showErrors(ctx, dialogModel(action, config, name, toml, origin), e);
        }
    }

    private static boolean canWrite(Context ctx) {
        return Principals.user(ctx).role().ceiling().allows(CONFIGS_WRITE);
    }

    private static Map<String, Object> dialogModel(ConfigAction action, StoredConfig config, String name, String toml,
            String origin) {
        var model = new HashMap<String, Object>();
        model.put("action", action);
        model.put("config", config);
        model.put("name", name);
        model.put("toml", toml == null ? "" : toml);
        model.put("origin", origin);
        model.put("formAction", config == null ? LIST : LIST + "/" + config.id() + "/" + action.key());
        model.put("cancel", "detail".equals(origin) && config != null ? LIST + "/" + config.id() : LIST);
        model.put("maxKb", ConfigService.MAX_TOML_BYTES / 1024);
        model.put("errors", Map.of());
        return model;
    }

    /** The dialog again with each message next to its field (422), whatever status the API would use. */
    private static void showErrors(Context ctx, Map<String, Object> model, RuleBroken e) {
        Dialogs.showErrors(ctx, DIALOG_TEMPLATE, "dialog", model, e.fields());
    }

    private static void done(Context ctx, String message, String origin, String after) {
        Dialogs.done(ctx, Flash.success(message), CHANGED_EVENT, "list".equals(origin), after);
    }

    private static String origin(String value) {
        return Dialogs.origin(value);
    }
}
