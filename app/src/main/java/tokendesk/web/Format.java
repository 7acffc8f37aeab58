package tokendesk.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tokendesk.permission.Action;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Preset;
import tokendesk.permission.Resource;

/** Display helpers available to every template as {@code fmt}. Times are shown in UTC. */
public final class Format {
    public static final Format INSTANCE = new Format();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private Format() {
    }

    public String dateTime(Instant at, String otherwise) {
        return at == null ? otherwise : DATE_TIME.format(at);
    }

    public String date(Instant at, String otherwise) {
        return at == null ? otherwise : DATE.format(at);
    }

    public String iso(Instant at) {
        return at == null ? "" : ISO.format(at);
    }

    /**
     * A short summary for the list: a preset's name when it matches one within the owner's role ceiling
     * (a Viewer's every-read token is "Read only"), else the permissions themselves.
     */
    public String summary(PermissionSet permissions, PermissionSet ceiling) {
        if (permissions.isEmpty()) {
            return "None";
        }
        if (permissions.equals(Preset.TELEGRAF_AGENT.permissionsWithin(PermissionSet.ALL))) {
            return Preset.TELEGRAF_AGENT.label();
        }
        if (permissions.equals(ceiling.readOnly())) {
            return Preset.READ_ONLY.label();
        }
        if (permissions.equals(ceiling)) {
            return Preset.FULL_ACCESS.label();
        }
        var all = permissions.permissions();
        var shown = all.subList(0, Math.min(3, all.size())).stream().map(Object::toString).toList();
        return String.join(", ", shown) + (all.size() > 3 ? " +" + (all.size() - 3) + " more" : "");
    }

    /** "Read & write", "Read" or "—" for one resource. */
    public String level(PermissionSet permissions, Resource resource) {
        return permissions.level(resource).map(a -> a == Action.WRITE ? "Read & write" : "Read").orElse("\u2014");
    }
}
