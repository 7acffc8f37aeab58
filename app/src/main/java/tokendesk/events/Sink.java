package tokendesk.events;

import java.io.IOException;

/** Where events go. {@code send} returns once the receiver has taken the event, or throws. */
interface Sink extends AutoCloseable {
    String name();

    void send(OutboundEvent event) throws IOException;

    @Override
    default void close() {
    }
}
