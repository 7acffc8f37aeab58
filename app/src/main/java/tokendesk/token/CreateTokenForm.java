package tokendesk.token;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Preset;
import tokendesk.web.Requests;

/** The "+ Create API Token" form as typed: parsed into a {@link NewToken}, or shown again with its errors. */
public record CreateTokenForm(
        String description,
        String expiration,
        String expiresOn,
        String preset,
        Set<String> perms,
        Set<String> configs,
        String tokenString,
        boolean selfRotate,
        String allowedAddresses,
        Map<String, String> errors) {

    public static final String CUSTOM_PRESET = "custom";
    /** The "Only these configs" boxes: a config id each. */
    public static final String CONFIG_FIELD = "config";
    private static final String CONFIGS = "configs:";

    public static CreateTokenForm blank(Expiration expiration) {
        return new CreateTokenForm("", expiration.key(), "", Preset.READ_ONLY.key(), Set.of(), Set.of(), "", false,
                "", Map.of());
    }

    public static CreateTokenForm read(Context ctx) {
        var perms = ctx.formParams("perm").stream().map(String::strip).collect(java.util.stream.Collectors.toCollection(
                java.util.LinkedHashSet::new));
        var configs = ctx.formParams(CONFIG_FIELD).stream().map(String::strip).collect(java.util.stream.Collectors.toCollection(
                java.util.LinkedHashSet::new));
        return new CreateTokenForm(
                Requests.text(ctx.formParam("description")),
                Requests.text(ctx.formParam("expiration")),
                Requests.text(ctx.formParam("expiresOn")),
                Requests.text(ctx.formParam("preset")),
                perms,
                configs,
                Requests.text(ctx.formParam("tokenString")),
                ctx.formParam("selfRotate") != null,
                Requests.text(ctx.formParam(AllowedAddresses.FIELD)),
                Map.of());
    }

    public CreateTokenForm withErrors(Map<String, String> newErrors) {
        return new CreateTokenForm(description, expiration, expiresOn, preset, perms, configs, tokenString, selfRotate,
                allowedAddresses, Map.copyOf(newErrors));
    }

    /** The request this form describes; problems of the form itself (unknown choice, bad date) go into {@code errors}. */
    public NewToken toNewToken(PermissionSet ceiling, Instant now, Map<String, String> errors) {
        return new NewToken(description, permissions(ceiling, errors), expiresAt(now, errors),
                tokenString.isEmpty() ? null : tokenString, TokenSource.UI, selfRotate, addresses(errors));
    }

    private AllowedAddresses addresses(Map<String, String> errors) {
        try {
            return AllowedAddresses.parse(List.of(allowedAddresses.split("[\\s,]+")));
        } catch (tokendesk.shared.RuleBroken e) {
            errors.putAll(e.fields());
            return AllowedAddresses.ANYWHERE;
        }
    }

    private List<String> permissions(PermissionSet ceiling, Map<String, String> errors) {
        if (CUSTOM_PRESET.equals(preset)) {
            return onlyChosenConfigs(List.copyOf(perms), errors);
        }
        var chosen = Preset.fromKey(preset);
        if (chosen.isEmpty()) {
            errors.put("permissions", "Choose a permission preset or Custom.");
            return List.of();
        }
        return onlyChosenConfigs(chosen.get().permissionsWithin(ceiling).permissions().stream().map(Object::toString).toList(),
                errors);
    }

    /** With configs ticked under "Only these configs", the Configs row's read or write covers those (SPEC 10.4). */
    private List<String> onlyChosenConfigs(List<String> asked, Map<String, String> errors) {
        if (configs.isEmpty()) {
            return asked;
        }
        var result = new java.util.ArrayList<String>();
        boolean configsAsked = false;
        for (var permission : asked) {
            if (permission.equals(CONFIGS + "read") || permission.equals(CONFIGS + "write")) {
                configsAsked = true;
                configs.forEach(id -> result.add(permission + ":" + id));
            } else {
                result.add(permission);
            }
        }
        if (!configsAsked) {
            errors.put("permissions", "Choose Read or Write for Configs to limit the token to the chosen configs.");
        }
        return result;
    }

    private Instant expiresAt(Instant now, Map<String, String> errors) {
        var choice = Expiration.fromKey(expiration);
        if (choice.isEmpty()) {
            errors.put("expiration", "Choose an expiration.");
            return null;
        }
        if (choice.get() != Expiration.CUSTOM) {
            return choice.get().from(now);
        }
        var date = Expiration.parseDate(expiresOn);
        if (date.isEmpty()) {
            errors.put("expiresOn", "Enter a date as YYYY-MM-DD.");
            return null;
        }
        if (!date.get().isAfter(Expiration.today(now))) {
            errors.put("expiresOn", "Pick a date in the future.");
            return null;
        }
        return Expiration.endOf(date.get());
    }

    /** Whether the checkbox for {@code permission} is ticked when the form is shown again. */
    public boolean has(String permission) {
        return perms.contains(permission);
    }

    public Map<String, String> fieldErrors() {
        return new LinkedHashMap<>(errors);
    }
}
