package tokendesk.token;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tokendesk.permission.Action;
import tokendesk.permission.Preset;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Principals;
import tokendesk.user.User;
import tokendesk.user.UserService;
import tokendesk.web.Dialogs;
import tokendesk.web.Flash;
import tokendesk.web.Htmx;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/** The "API Tokens" pages: list, create, detail, and the confirmed revoke/delete/reassign/suspend/resume actions. */
public final class TokenPages {
    public static final String LIST = "/tokens";
    public static final String NEW = "/tokens/new";
    public static final String EXPIRY_NOTICE = "/tokens/expiry-notice";
    public static final String BULK = "/tokens/bulk/{action}";
    public static final String DETAIL = TokenDetailPages.DETAIL;
    public static final String ACTION = "/tokens/{id}/{action}";

    static final String LIST_TEMPLATE = "tokens/list";
    static final String CREATE_TEMPLATE = "tokens/create";
    static final String CONFIRM_TEMPLATE = "tokens/confirm";
    static final String CHANGED_EVENT = "tokens-changed";

    /** One line of the per-resource Read/Write checkboxes; only resources within the creator's ceiling appear. */
    public record GrantRow(String resource, String label, boolean canWrite) {
    }

    private final TokenService tokens;
    private final TokenQueries queries;
    private final UserService users;
    private final TokenSuspension suspension;
    private final RotatePages rotate;

    public TokenPages(TokenService tokens, TokenQueries queries, UserService users, TokenSuspension suspension,
            RotatePages rotate) {
        this.tokens = tokens;
        this.queries = queries;
        this.users = users;
        this.suspension = suspension;
        this.rotate = rotate;
    }

    public void list(Context ctx) {
        var user = Principals.user(ctx);
        var query = ListLinks.parse(ctx.queryParamMap());
        var model = new HashMap<String, Object>();
        var window = queries.expiryWindow();
        model.put("page", queries.list(user, query));
        model.put("expiry", window);
        model.put("query", query);
        model.put("links", new ListLinks(query));
        model.put("statuses", TokenListQuery.StatusFilter.values());
        model.put("owners", user.role().seesAllTokens() ? users.all() : List.of());
        model.put("now", window.now());
        model.putAll(formModel(user, CreateTokenForm.blank(tokens.policy().defaultExpiration())));
        Views.pageOrFragment(ctx, LIST_TEMPLATE, "token-table", model);
    }

    /**
     * The list's "N tokens expire within D days" notice, which htmx loads after the page: counting the tokens that
     * expire soon takes a share of the page's time at a million tokens, and the rows need not wait for it.
     */
    public void expiryNotice(Context ctx) {
        var window = queries.expiryWindow();
        ctx.header("Cache-Control", "no-store");
        Views.fragment(ctx, LIST_TEMPLATE, "expiry-notice",
                Map.of("expiry", window, "expiringSoon", queries.countExpiringSoon(Principals.user(ctx), window)));
    }

    public void newForm(Context ctx) {
        Views.pageOrFragment(ctx, CREATE_TEMPLATE, "create-form", formModel(Principals.user(ctx), CreateTokenForm.blank(tokens.policy().defaultExpiration())));
    }

    public void create(Context ctx) {
        var user = Principals.user(ctx);
        var form = CreateTokenForm.read(ctx);
        var errors = new LinkedHashMap<String, String>();
        var request = form.toNewToken(user.role().ceiling(), tokens.now(), errors);
        tokens.validate(user, request, Principals.viaTokenOrNull(ctx)).forEach(errors::putIfAbsent);
        if (errors.isEmpty()) {
            try {
                var created = tokens.create(user, request, Principals.viaTokenOrNull(ctx));
                ctx.header("Cache-Control", "no-store");
                Htmx.trigger(ctx, CHANGED_EVENT);
                var model = formModel(user, CreateTokenForm.blank(tokens.policy().defaultExpiration()));
                model.put("created", created.token());
                model.put("value", created.value());
                Views.pageOrFragment(ctx, CREATE_TEMPLATE, "create-form", model);
                return;
            } catch (RuleBroken e) {
                errors.putAll(e.fields());
            }
        }
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        Views.pageOrFragment(ctx, CREATE_TEMPLATE, "create-form", formModel(user, form.withErrors(errors)));
    }

    private Map<String, Object> formModel(User user, CreateTokenForm form) {
        var model = new HashMap<String, Object>();
        model.put("form", form);
        model.put("expirations", tokens.policy().expirations());
        model.put("presets", Preset.values());
        model.put("grantRows", user.role().ceiling().permissions().stream()
                .map(p -> new GrantRow(p.resource().wireName(), p.resource().label(), p.action() == Action.WRITE)).toList());
        model.put("presetPermissions", presetPermissions(user));
        model.put("configChoices", queries.configChoices());
        model.put("presharedEnabled", tokens.presharedTokensEnabled());
        model.put("today", Expiration.today(tokens.now()).toString());
        return model;
    }

    /** For app.js: which boxes each preset ticks, e.g. {"telegraf": "configs:read heartbeat:write"}. */
    private static Map<String, String> presetPermissions(User user) {
        var result = new LinkedHashMap<String, String>();
        for (var preset : Preset.values()) {
            var set = preset.permissionsWithin(user.role().ceiling());
            var boxes = new StringBuilder();
            for (var p : set.permissions()) {
                boxes.append(p.resource().wireName()).append(":read ");
                if (p.action() == Action.WRITE) {
                    boxes.append(p.resource().wireName()).append(":write ");
                }
            }
            result.put(preset.key(), boxes.toString().strip());
        }
        return result;
    }

    /** The confirmation for one token: names it and says what cannot be undone. */
    public void confirmOne(Context ctx) {
        if (RotatePages.ACTION.equals(ctx.pathParam("action"))) { // a dialog of its own, at the same address
            rotate.form(ctx);
            return;
        }
        var user = Principals.user(ctx);
        var action = TokenAction.parse(ctx.pathParam("action"));
        var token = queries.get(user, ctx.pathParam("id"));
        if (action != TokenAction.DELETE && token.isRevoked()) {
            throw RuleBroken.field("action", "Token \u201c" + token.description() + "\u201d is revoked; it can only be deleted.");
        }
        requireReassigner(user, action);
        var model = confirmModel(action, token, List.of(token.id()), origin(ctx.queryParam("origin")));
        Views.pageOrFragment(ctx, CONFIRM_TEMPLATE, "confirm", model);
    }

    public void one(Context ctx) {
        if (RotatePages.ACTION.equals(ctx.pathParam("action"))) {
            rotate.rotate(ctx);
            return;
        }
        var user = Principals.user(ctx);
        var action = TokenAction.parse(ctx.pathParam("action"));
        var token = queries.get(user, ctx.pathParam("id"));
        var ids = List.of(token.id());
        var origin = origin(ctx.formParam("origin"));
        var name = "Token \u201c" + token.description() + "\u201d";
        String message;
        if (action == TokenAction.REASSIGN) {
            var done = reassignOrShowErrors(ctx, user, ids, confirmModel(action, token, ids, origin));
            if (done == null) {
                return;
            }
            message = name + " reassigned to " + done.target().username() + "." + droppedNote(done);
        } else if (action == TokenAction.REVOKE) {
            message = tokens.revoke(user, ids) == 1 ? name + " revoked." : name + " was already revoked.";
        } else if (action == TokenAction.SUSPEND) {
            message = suspension.suspend(user, ids) == 1 ? name + " suspended." : name + " is not active; nothing changed.";
        } else if (action == TokenAction.RESUME) {
            message = suspension.resume(user, ids) == 1 ? name + " resumed." : name + " is not suspended; nothing changed.";
        } else {
            tokens.delete(user, ids);
            message = name + " deleted.";
        }
        var after = "detail".equals(origin) && action != TokenAction.DELETE ? LIST + "/" + token.id() + "?tab=manage" : LIST;
        done(ctx, Flash.success(message), origin, after);
    }

    /** The confirmation for the bulk actions bar: states the count. */
    public void confirmBulk(Context ctx) {
        var action = TokenAction.parse(ctx.pathParam("action"));
        requireReassigner(Principals.user(ctx), action);
        var ids = ctx.queryParams("ids");
        if (ids.isEmpty()) {
            throw RuleBroken.field("ids", "Select at least one token.");
        }
        Views.pageOrFragment(ctx, CONFIRM_TEMPLATE, "confirm", confirmModel(action, null, ids, "list"));
    }

    public void bulk(Context ctx) {
        var user = Principals.user(ctx);
        var action = TokenAction.parse(ctx.pathParam("action"));
        var ids = ctx.formParams("ids");
        String message;
        if (action == TokenAction.REASSIGN) {
            var done = reassignOrShowErrors(ctx, user, ids, confirmModel(action, null, ids, "list"));
            if (done == null) {
                return;
            }
            message = TokenAction.count(done.count()) + " reassigned to " + done.target().username() + "." + droppedNote(done);
        } else {
            int changed = switch (action) {
                case REVOKE -> tokens.revoke(user, ids);
                case SUSPEND -> suspension.suspend(user, ids);
                case RESUME -> suspension.resume(user, ids);
                default -> tokens.delete(user, ids);
            };
            message = TokenAction.count(changed) + " " + action.pastTense();
        }
        done(ctx, Flash.success(message), "list", LIST);
    }

    private Map<String, Object> confirmModel(TokenAction action, Token token, List<String> ids, String origin) {
        var model = new HashMap<String, Object>();
        model.put("action", action);
        model.put("token", token);
        model.put("ids", ids);
        model.put("count", ids.size());
        model.put("formAction", token == null ? "/tokens/bulk/" + action.key() : "/tokens/" + token.id() + "/" + action.key());
        model.put("origin", origin);
        model.put("errors", Map.of());
        if (action == TokenAction.REASSIGN) {
            model.put("targets", users.all());
            model.put("userId", "");
        }
        return model;
    }

    /**
     * Reassigns, or answers a problem with the target (none chosen, disabled) by showing the dialog again with
     * the message next to the user picker (422). Returns null when it answered.
     */
    private TokenService.Reassigned reassignOrShowErrors(Context ctx, User user, List<String> ids, Map<String, Object> model) {
        var target = Requests.text(ctx.formParam("userId"));
        try {
            return tokens.reassign(user, ids, target);
        } catch (RuleBroken e) {
            if (!e.fields().containsKey("userId")) {
                throw e;
            }
            model.put("userId", target);
            Dialogs.showErrors(ctx, CONFIRM_TEMPLATE, "confirm", model, e.fields());
            return null;
        }
    }

    private static String droppedNote(TokenService.Reassigned done) {
        if (done.dropped().isEmpty()) {
            return "";
        }
        return " Dropped permissions a " + done.target().role().label() + " cannot hold: "
                + done.dropped().stream().map(Object::toString).collect(Collectors.joining(", ")) + ".";
    }

    /** The reassign dialogs open only for those the service lets reassign. */
    private static void requireReassigner(User user, TokenAction action) {
        if (action == TokenAction.REASSIGN) {
            TokenRules.requireReassigner(user);
        }
    }

    private static void done(Context ctx, Flash flash, String origin, String after) {
        Dialogs.done(ctx, flash, CHANGED_EVENT, "list".equals(origin), after);
    }

    private static String origin(String value) {
        return Dialogs.origin(value);
    }
}
