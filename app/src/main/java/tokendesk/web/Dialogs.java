package tokendesk.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * How a dialog (a confirmation or a small form in {@code #confirm-dialog}) answers its post: problems go back
 * into the open dialog, success shows a flash and makes the table behind it reload itself.
 */
public final class Dialogs {
    private Dialogs() {
    }

    /** The dialog again with each message next to its field (422), swapped into the open dialog. */
    public static void showErrors(Context ctx, String template, String fragment, Map<String, Object> model,
            Map<String, String> errors) {
        model.put("errors", errors);
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        Htmx.retarget(ctx, "#confirm-body", "innerHTML");
        Views.pageOrFragment(ctx, template, fragment, model);
    }

    /**
     * After a change: htmx on a list page gets the flash and {@code changedEvent} so the list reloads itself;
     * anything else is redirected to {@code after} with the flash kept for the next page.
     */
    public static void done(Context ctx, Flash flash, String changedEvent, boolean onList, String after) {
        if (Htmx.isHtmx(ctx) && onList) {
            Htmx.trigger(ctx, changedEvent);
            Views.fragment(ctx, "fragments/flash", "flash-message", Map.of("flash", flash));
            return;
        }
        Flash.keep(ctx, flash);
        Htmx.redirect(ctx, after);
    }

    /** Where a dialog was opened from: "detail" (a detail page) or "list". */
    public static String origin(String value) {
        return "detail".equals(Requests.text(value)) ? "detail" : "list";
    }
}
