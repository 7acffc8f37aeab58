package tokendesk.token;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Principals;
import tokendesk.web.Dialogs;
import tokendesk.web.Htmx;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/**
 * The "Rotate" dialog at {@code /tokens/{id}/rotate} (TokenPages' action route hands it over): overlap and expiration,
 * then the new value shown once, as at creation.
 */
public final class RotatePages {
    static final String ACTION = "rotate";
    static final String TEMPLATE = "tokens/rotate";
    static final String SAME_LIFETIME = "same";

    /** A choice of the "Overlap" select: how long the previous value keeps working. */
    public record Overlap(int minutes, String label) {
    }

    static final List<Overlap> OVERLAPS = List.of(new Overlap(0, "No overlap"), new Overlap(60, "1 hour"),
            new Overlap(1440, "1 day"), new Overlap(10_080, "7 days"));

    private final TokenRotation rotation;
    private final TokenQueries queries;

    public RotatePages(TokenRotation rotation, TokenQueries queries) {
        this.rotation = rotation;
        this.queries = queries;
    }

    public void form(Context ctx) {
        var token = queries.get(Principals.user(ctx), ctx.pathParam("id"));
        var model = model(token, Dialogs.origin(ctx.queryParam("origin")));
        Views.pageOrFragment(ctx, TEMPLATE, "rotate", model);
    }

    public void rotate(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        var model = model(token, Dialogs.origin(ctx.formParam("origin")));
        var overlap = Requests.text(ctx.formParam("overlap"));
        var expiration = Requests.text(ctx.formParam("expiration"));
        var expiresOn = Requests.text(ctx.formParam("expiresOn"));
        model.put("overlap", overlap);
        model.put("expiration", expiration);
        model.put("expiresOn", expiresOn);
        var errors = new LinkedHashMap<String, String>();
        var minutes = OVERLAPS.stream().filter(o -> String.valueOf(o.minutes()).equals(overlap)).findFirst();
        if (minutes.isEmpty()) {
            errors.put("overlap", "Choose an overlap.");
        }
        var request = request(minutes.map(Overlap::minutes).orElse(0), expiration, expiresOn, queries.now(), errors);
        if (errors.isEmpty()) {
            try {
                var rotated = rotation.rotate(user, token.id(), request, Principals.viaTokenOrNull(ctx));
                ctx.header("Cache-Control", "no-store");
                Htmx.trigger(ctx, TokenPages.CHANGED_EVENT);
                model.put("rotated", rotated.token());
                model.put("value", rotated.value());
                Views.pageOrFragment(ctx, TEMPLATE, "rotate", model);
                return;
            } catch (RuleBroken e) {
                errors.putAll(e.fields());
            }
        }
        Dialogs.showErrors(ctx, TEMPLATE, "rotate", model, errors);
    }

    /** The form's expiration as a rotation request: the same lifetime again, a preset, a custom date or never. */
    private static TokenRotation.Request request(int minutes, String expiration, String expiresOn, Instant now,
            Map<String, String> errors) {
        if (SAME_LIFETIME.equals(expiration)) {
            return new TokenRotation.Request(minutes, false, null, null);
        }
        var choice = Expiration.fromKey(expiration);
        if (choice.isEmpty()) {
            errors.put("expiration", "Choose an expiration.");
            return null;
        }
        if (choice.get() != Expiration.CUSTOM) {
            return new TokenRotation.Request(minutes, true, choice.get().from(now), null);
        }
        var date = Expiration.parseDate(expiresOn).filter(d -> d.isAfter(Expiration.today(now)));
        if (date.isEmpty()) {
            errors.put("expiresOn", "Pick a date in the future (YYYY-MM-DD).");
            return null;
        }
        return new TokenRotation.Request(minutes, true, Expiration.endOf(date.get()), null);
    }

    private Map<String, Object> model(Token token, String origin) {
        var model = new HashMap<String, Object>();
        model.put("token", token);
        model.put("origin", origin);
        model.put("overlaps", OVERLAPS);
        model.put("expirations", rotation.policy().expirations());
        model.put("overlap", String.valueOf(TokenRotation.DEFAULT_GRACE_MINUTES));
        model.put("expiration", SAME_LIFETIME);
        model.put("expiresOn", "");
        model.put("today", Expiration.today(queries.now()).toString());
        model.put("errors", Map.of());
        return model;
    }
}
