package tokendesk.token;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tokendesk.shared.Keyed;

/** The "Expiration" choices of the create form. */
public enum Expiration implements Keyed {
    DAYS_7("7d", "7 days", Duration.ofDays(7)),
    DAYS_30("30d", "30 days", Duration.ofDays(30)),
    DAYS_60("60d", "60 days", Duration.ofDays(60)),
    DAYS_90("90d", "90 days", Duration.ofDays(90)),
    YEAR_1("1y", "1 year", Duration.ofDays(365)),
    CUSTOM("custom", "Custom", null),
    NEVER("never", "No expiration", null);

    public static final Expiration DEFAULT = DAYS_90;

    private final String key;
    private final String label;
    private final Duration duration;

    Expiration(String key, String label, Duration duration) {
        this.key = key;
        this.label = label;
        this.duration = duration;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** How long the choice lasts; null for Custom and No expiration. */
    public Duration duration() {
        return duration;
    }

    public static Optional<Expiration> fromKey(String key) {
        return Keyed.fromKey(Expiration.class, key);
    }

    /** The expiry instant for a fixed choice, or null for "No expiration". Custom dates use {@link #endOf}. */
    public Instant from(Instant now) {
        return duration == null ? null : now.plus(duration);
    }

    /**
     * A custom date means "valid through that day" (UTC); it must lie after today.
     * Returns empty for text that is not a date.
     */
    public static Optional<LocalDate> parseDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public static Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
