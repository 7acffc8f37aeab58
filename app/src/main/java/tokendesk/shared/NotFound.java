package tokendesk.shared;

public final class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
