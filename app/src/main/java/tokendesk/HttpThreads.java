package tokendesk;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The HTTP request threads App gives Jetty. */
final class HttpThreads {
    private HttpThreads() {
    }

    /**
     * Request threads: at most 64 (Jetty's default is 200). Every request needs one of the 32 database
     * connections, so more threads only wait longer while costing a stack and allocation buffers each.
     */
    static QueuedThreadPool pool() {
        var pool = new QueuedThreadPool(64, 8, 60_000);
        pool.setName("JettyServerThreadPool");
        return pool;
    }
}
