package tokendesk.influx;

/**
 * InfluxDB's error vocabulary for the {@code /api/v2} endpoints: its client libraries read {@code code} as one of
 * "invalid", "unauthorized", "forbidden", "not found", "conflict"... (see influxdb's errors.go), not our
 * snake_case codes. The status stays the same.
 */
public final class InfluxErrors {
    public static final String PATH_PREFIX = "/api/v2/";

    private InfluxErrors() {
    }

    public static boolean applies(String path) {
        return path.startsWith(PATH_PREFIX);
    }

    public static String code(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 413 -> "request too large";
            case 422 -> "unprocessable entity";
            case 429 -> "too many requests";
            default -> status >= 500 ? "internal error" : "invalid";
        };
    }
}
