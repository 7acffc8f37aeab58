package tokendesk.shared;

public final class NotAllowed extends RuntimeException {
    public NotAllowed(String message) {
        super(message);
    }
}
