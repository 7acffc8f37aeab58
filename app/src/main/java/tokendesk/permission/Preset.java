package tokendesk.permission;

import java.util.Optional;
import tokendesk.shared.Keyed;

/** The "Permission Presets" of the create form. */
public enum Preset implements Keyed {
    FULL_ACCESS("full", "Full access"),
    TELEGRAF_AGENT("telegraf", "Telegraf Agent"),
    READ_ONLY("read", "Read only");

    private static final PermissionSet TELEGRAF = PermissionSet.of(
            Permission.of(Resource.CONFIGS, Action.READ), Permission.of(Resource.HEARTBEAT, Action.WRITE));

    private final String key;
    private final String label;

    Preset(String key, String label) {
        this.key = key;
        this.label = label;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The preset's permissions for a creator whose role allows {@code ceiling}. */
    public PermissionSet permissionsWithin(PermissionSet ceiling) {
        return switch (this) {
            case FULL_ACCESS -> ceiling;
            case TELEGRAF_AGENT -> TELEGRAF;
            case READ_ONLY -> ceiling.readOnly();
        };
    }

    public static Optional<Preset> fromKey(String key) {
        return Keyed.fromKey(Preset.class, key);
    }
}
