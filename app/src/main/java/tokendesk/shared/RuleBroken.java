package tokendesk.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that breaks a rule: a code for API clients, and a message per field for forms. The kind says which sort of
 * rule it is; how that is answered (a status, a form shown again) is the web layer's choice.
 */
public final class RuleBroken extends RuntimeException {
    /** Which sort of rule: the input itself is wrong, it clashes with what exists, or the server refuses it by setting. */
    public enum Kind {
        INVALID, CONFLICT, REFUSED
    }

    public static final String INVALID = "invalid";

    private final String code;
    private final Kind kind;
    private final Map<String, String> fields;

    public RuleBroken(String code, Kind kind, Map<String, String> fields) {
        super(String.join(" ", fields.values()));
        this.code = code;
        this.kind = kind;
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    public static RuleBroken of(Map<String, String> fields) {
        return new RuleBroken(INVALID, Kind.INVALID, fields);
    }

    public static RuleBroken field(String field, String message) {
        return of(Map.of(field, message));
    }

    /** The input clashes with something that exists (a name or value taken): {@code code} names which. */
    public static RuleBroken conflict(String code, String field, String message) {
        return new RuleBroken(code, Kind.CONFLICT, Map.of(field, message));
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
