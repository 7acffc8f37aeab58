package tokendesk.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
}
