package tokendesk.shared;

import java.util.Optional;

/** An enum constant named by a stable key in URLs, forms and stored rows. */
public interface Keyed {
    String key();

    /** The constant of {@code type} whose key is {@code key}. */
    static <E extends Enum<E> & Keyed> Optional<E> fromKey(Class<E> type, String key) {
        for (var constant : type.getEnumConstants()) {
            if (constant.key().equals(key)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
