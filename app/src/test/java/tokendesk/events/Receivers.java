package tokendesk.events;

import com.sun.net.httpserver.HttpServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** Real receivers on loopback: a webhook that answers what it is told to, and a syslog server over TCP. */
final class Receivers {
    private Receivers() {
    }

    /** What a webhook received: the body and its signature header. */
    record Delivery(String body, String signature) {
        long id() {
            return Long.parseLong(ID.matcher(body).results().findFirst().orElseThrow().group(1));
        }
    }

    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

    static final class Webhook implements AutoCloseable {
        final List<Delivery> received = new CopyOnWriteArrayList<>();
        /** How many of the next requests get a 500. */
        final java.util.concurrent.atomic.AtomicInteger failNext = new java.util.concurrent.atomic.AtomicInteger();
        private final HttpServer server;

        Webhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int answer = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
                if (answer == 204) {
                    received.add(new Delivery(body, exchange.getRequestHeaders().getFirst("X-Tokendesk-Signature")));
                }
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        List<Long> ids() {
            return received.stream().map(Delivery::id).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Reads octet-counted RFC 5424 frames (RFC 6587) from every connection. */
    static final class SyslogTcp implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;

        SyslogTcp() throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            var acceptor = new Thread(this::accept, "syslog-receiver");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url() {
            return URI.create("tcp://127.0.0.1:" + socket.getLocalPort());
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    var connection = socket.accept();
                    var reader = new Thread(() -> read(connection), "syslog-connection");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void read(Socket connection) {
            try (connection; var in = new DataInputStream(connection.getInputStream())) {
                while (true) {
                    var length = new StringBuilder();
                    for (int c = in.read(); c != ' '; c = in.read()) {
                        if (c < 0) {
                            return;
                        }
                        length.append((char) c);
                    }
                    var frame = new byte[Integer.parseInt(length.toString())];
                    in.readFully(frame);
                    messages.add(new String(frame, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the sender went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A loopback port nothing listens on: a receiver that is down. */
    static int closedPort() throws IOException {
        try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
