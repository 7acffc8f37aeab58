package tokendesk.token;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import tokendesk.shared.NotAllowed;
import tokendesk.user.Principals;
import tokendesk.user.User;
import tokendesk.web.Dialogs;
import tokendesk.web.Htmx;
import tokendesk.web.Views;

/**
 * "Find by value" (Owner and Administrators): a pasted value is POSTed, never put in a URL or a log line, looked up by
 * its digest as authentication does, and opens the token it belongs to.
 */
public final class FindByValuePages {
    public static final String PATH = "/tokens/find";
    static final String TEMPLATE = "tokens/find";
    static final String NOT_FOUND = "No token has this value";

    private final TokenQueries queries;

    public FindByValuePages(TokenQueries queries) {
        this.queries = queries;
    }

    public void form(Context ctx) {
        requireAdmin(Principals.user(ctx));
        Views.pageOrFragment(ctx, TEMPLATE, "find", model());
    }

    public void find(Context ctx) {
        var user = Principals.user(ctx);
        requireAdmin(user);
        var value = ctx.formParam("value");
        var found = queries.findByValue(user, value == null ? null : value.strip());
        if (found.isPresent()) {
            Htmx.redirect(ctx, TokenPages.LIST + "/" + found.get().id());
            return;
        }
        Dialogs.showErrors(ctx, TEMPLATE, "find", model(), Map.of("value", NOT_FOUND));
    }

    private static void requireAdmin(User user) {
        if (!user.role().seesAllTokens()) {
            throw new NotAllowed("Only the owner and administrators can find a token by its value.");
        }
    }

    private static Map<String, Object> model() {
        var model = new HashMap<String, Object>();
        model.put("errors", Map.of());
        return model;
    }
}
