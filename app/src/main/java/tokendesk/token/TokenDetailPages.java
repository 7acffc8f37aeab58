package tokendesk.token;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tokendesk.permission.Resource;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Principals;
import tokendesk.user.User;
import tokendesk.web.Dialogs;
import tokendesk.web.Flash;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/** A token's page, "/tokens/{id}", with its tabs, and the Manage tab's "Allowed addresses" form. */
public final class TokenDetailPages {
    public static final String DETAIL = "/tokens/{id}";
    public static final String ALLOWED_ADDRESSES = "/tokens/{id}/allowed-addresses";
    static final String DETAIL_TEMPLATE = "tokens/detail";
    private static final List<String> TABS = List.of("overview", "permissions", "activity", "manage");

    private final TokenQueries queries;
    private final TokenAddresses addresses;

    public TokenDetailPages(TokenQueries queries, TokenAddresses addresses) {
        this.queries = queries;
        this.addresses = addresses;
    }

    public void detail(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        var tab = ctx.queryParam("tab");
        if (tab == null || !TABS.contains(tab)) {
            tab = "overview";
        }
        Views.pageOrFragment(ctx, DETAIL_TEMPLATE, "tab-panel", model(user, token, tab));
    }

    /**
     * The Manage tab's "Allowed addresses" form: one entry per line (or separated by spaces or commas); a bad entry
     * shows the tab again with the text as typed and the error next to it.
     */
    public void changeAllowedAddresses(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        var typed = Requests.text(ctx.formParam(AllowedAddresses.FIELD));
        try {
            addresses.change(user, token.id(), AllowedAddresses.parse(List.of(typed.split("[\\s,]+"))));
        } catch (RuleBroken e) {
            if (e.kind() != RuleBroken.Kind.INVALID) {
                throw e;
            }
            var model = model(user, token, "manage");
            model.put("addressesTyped", typed);
            model.put("addressesError", e.fields().get(AllowedAddresses.FIELD));
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            Views.pageOrFragment(ctx, DETAIL_TEMPLATE, "tab-panel", model);
            return;
        }
        Dialogs.done(ctx, Flash.success("Allowed addresses of \u201c" + token.description() + "\u201d saved."),
                TokenPages.CHANGED_EVENT, false, TokenPages.LIST + "/" + token.id() + "?tab=manage");
    }

    private Map<String, Object> model(User user, Token token, String tab) {
        var model = new HashMap<String, Object>();
        model.put("token", token);
        model.put("tab", tab);
        var window = queries.expiryWindow();
        model.put("now", window.now());
        model.put("expiry", window);
        model.put("resources", Resource.values());
        model.put("events", "activity".equals(tab) ? queries.events(user, token.id()) : List.of());
        model.put("addressesTyped", String.join("\n", token.allowedAddresses().entries()));
        if ("permissions".equals(tab)) {
            var names = queries.configNames(token);
            model.put("grantedConfigs", NamedConfigs.labels(token.permissions(), names));
            model.put("effectiveConfigs", NamedConfigs.labels(token.effectivePermissions(), names));
            model.put("configsNotice", NamedConfigs.deletedNotice(token));
        }
        return model;
    }
}
