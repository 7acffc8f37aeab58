package tokendesk.permission;

import java.util.Arrays;
import java.util.Optional;

/** Write implies read for the same resource. */
public enum Action {
    READ,
    WRITE;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Action> fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }
}
