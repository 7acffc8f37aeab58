package tokendesk.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that breaks a rule. Forms show {@link #fields()} next to each field (422); JSON clients get
 * {@code {"code","message"}} with {@link #status()}.
 */
public final class InvalidInput extends RuntimeException {
    private final String code;
    private final int status;
    private final Map<String, String> fields;

    public InvalidInput(String code, int status, Map<String, String> fields) {
        super(String.join(" ", fields.values()));
        this.code = code;
        this.status = status;
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    public static InvalidInput of(Map<String, String> fields) {
        return new InvalidInput("invalid", 400, fields);
    }

    public static InvalidInput field(String field, String message) {
        return of(Map.of(field, message));
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
