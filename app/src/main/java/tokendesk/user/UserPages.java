package tokendesk.user;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import tokendesk.shared.NotAllowed;
import tokendesk.shared.RuleBroken;
import tokendesk.web.Dialogs;
import tokendesk.web.Flash;
import tokendesk.web.Htmx;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/** The "Users" page of the Owner and Administrators: the table and one dialog per change. */
public final class UserPages {
    public static final String LIST = "/users";
    public static final String NEW = "/users/new";
    public static final String ACTION = "/users/{id}/{action}";

    static final String LIST_TEMPLATE = "users/list";
    static final String DIALOG_TEMPLATE = "users/dialog";
    static final String CHANGED_EVENT = "users-changed";

    private final UserService users;
    private final UserDeletion deletion;

    public UserPages(UserService users, UserDeletion deletion) {
        this.users = users;
        this.deletion = deletion;
    }

    public void list(Context ctx) {
        var actor = Principals.user(ctx);
        var rows = users.rows();
        var model = new HashMap<String, Object>();
        model.put("rows", rows);
        model.put("now", users.now());
        model.put("actorIsOwner", actor.role() == Role.OWNER);
        model.put("manageable", rows.stream()
                .filter(r -> UserRules.mayManage(actor, r.id(), r.role())).map(UserRow::id).toList());
        Views.pageOrFragment(ctx, LIST_TEMPLATE, "user-table", model);
    }

    public void newForm(Context ctx) {
        var model = dialogModel(Principals.user(ctx), UserAction.CREATE, null);
        model.put("username", "");
        model.put("role", "");
        Views.pageOrFragment(ctx, DIALOG_TEMPLATE, "dialog", model);
    }

    public void create(Context ctx) {
        var actor = Principals.user(ctx);
        var username = Requests.text(ctx.formParam("username"));
        var role = Requests.text(ctx.formParam("role"));
        try {
            var created = users.createUser(actor, username, role, ctx.formParam("password"));
            done(ctx, "User " + created.username() + " created as " + created.role().label() + ".");
        } catch (RuleBroken e) {
            var model = dialogModel(actor, UserAction.CREATE, null);
            model.put("username", username);
            model.put("role", role);
            showErrors(ctx, model, e);
        }
    }

    /** The dialog for one change to one user (change role, disable, reset password, delete...). */
    public void dialog(Context ctx) {
        var actor = Principals.user(ctx);
        var action = UserAction.parse(ctx.pathParam("action"));
        var target = users.get(actor, ctx.pathParam("id"));
        if (!UserRules.mayManage(actor, target.id(), target.role())
                || (action == UserAction.TRANSFER && actor.role() != Role.OWNER)) {
            throw new NotAllowed("Your role (" + actor.role().label() + ") cannot change " + target.username() + ".");
        }
        var model = dialogModel(actor, action, target);
        model.put("role", target.role().name());
        Views.pageOrFragment(ctx, DIALOG_TEMPLATE, "dialog", model);
    }

    public void act(Context ctx) {
        var actor = Principals.user(ctx);
        var action = UserAction.parse(ctx.pathParam("action"));
        var id = ctx.pathParam("id");
        var target = users.get(actor, id);
        try {
            switch (action) {
                case ROLE -> {
                    var changed = users.changeRole(actor, id, Requests.text(ctx.formParam("role")));
                    done(ctx, target.username() + " is now " + changed.role().label() + ".");
                }
                case DISABLE -> {
                    users.setDisabled(actor, id, true);
                    done(ctx, target.username() + " disabled; their tokens stop working until they are enabled.");
                }
                case ENABLE -> {
                    users.setDisabled(actor, id, false);
                    done(ctx, target.username() + " enabled.");
                }
                case PASSWORD -> {
                    users.resetPassword(actor, id, ctx.formParam("password"));
                    done(ctx, "Password of " + target.username() + " reset; their sessions have ended.");
                }
                case UNLOCK -> {
                    users.unlock(actor, id);
                    done(ctx, target.username() + " unlocked.");
                }
                case DELETE -> {
                    int tokens = deletion.deleteWithTokens(actor, id);
                    done(ctx, "User " + target.username() + " deleted with " + tokens + (tokens == 1 ? " token." : " tokens."));
                }
                case TRANSFER -> {
                    users.transferOwnership(actor, id);
                    Sessions.signOut(ctx);
                    Flash.keep(ctx, Flash.success("Ownership transferred to " + target.username()
                            + ". You are now an Administrator; sign in again."));
                    Htmx.redirect(ctx, Sessions.LOGIN_PATH);
                }
                default -> throw new IllegalStateException("not a change: " + action);
            }
        } catch (RuleBroken e) {
            var model = dialogModel(actor, action, target);
            model.put("role", Requests.text(ctx.formParam("role")));
            showErrors(ctx, model, e);
        }
    }

    private Map<String, Object> dialogModel(User actor, UserAction action, User target) {
        var model = new HashMap<String, Object>();
        model.put("action", action);
        model.put("target", target);
        model.put("roles", UserRules.assignableRoles(actor));
        model.put("tokenCount", target == null ? 0 : deletion.tokensOf(target.id()));
        model.put("formAction", target == null ? LIST : "/users/" + target.id() + "/" + action.key());
        model.put("errors", Map.of());
        return model;
    }

    private static void showErrors(Context ctx, Map<String, Object> model, RuleBroken e) {
        Dialogs.showErrors(ctx, DIALOG_TEMPLATE, "dialog", model, e.fields());
    }

    private static void done(Context ctx, String message) {
        Dialogs.done(ctx, Flash.success(message), CHANGED_EVENT, true, LIST);
    }
}
