package tokendesk.events;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends each event to {@code EVENTS_SYSLOG} as an RFC 5424 message whose MSG is the event's JSON: over UDP one
 * datagram a message (RFC 5426), over TCP octet-counted frames (RFC 6587) on one kept-open connection. A message
 * stays within {@link #MAX_MESSAGE} bytes, the size receivers accept by default: an event naming more targets
 * than fit sends the first of them and says how many it had.
 */
final class SyslogSink implements Sink {
    static final int MAX_MESSAGE = 8192;
    /** Facility 13 (log audit), severity 5 (notice) for a success, 4 (warning) otherwise. */
    private static final int FACILITY = 13;
    private static final int TIMEOUT_MILLIS = 10_000;

    private final boolean tcp;
    private final InetSocketAddress address;
    private final String hostname;
    private final String processId = Long.toString(ProcessHandle.current().pid());
    private Socket socket;
    private DatagramSocket datagrams;

    SyslogSink(URI target) {
        this.tcp = "tcp".equals(target.getScheme());
        this.address = new InetSocketAddress(target.getHost(), target.getPort());
        this.hostname = localHostname();
    }

    @Override
    public String name() {
        return EventSinks.SYSLOG;
    }

    @Override
    public synchronized void send(OutboundEvent event) throws IOException {
        var message = fitting(event);
        try {
            if (tcp) {
                var out = connected();
                out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(message);
                out.flush();
            } else {
                if (datagrams == null) {
                    datagrams = new DatagramSocket();
                }
                datagrams.send(new DatagramPacket(message, message.length, address));
            }
        } catch (IOException e) {
            close();
            throw new IOException("could not reach syslog at " + address + ": " + (e.getMessage() != null
                    ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    private byte[] fitting(OutboundEvent event) {
        var message = format(event);
        int total = event.targets().size();
        for (int keep = total / 2; message.length > MAX_MESSAGE && keep >= 0; keep = keep == 0 ? -1 : keep / 2) {
            var first = event.withFirstTargets(keep);
            message = format(new OutboundEvent(first.id(), first.time(), first.type(), first.actor(), first.targets(),
                    first.outcome(), first.address(), truncatedDetail(first.detail(), keep, total)));
        }
        return message;
    }

    private static String truncatedDetail(String detail, int kept, int total) {
        var note = "(targets: the first " + kept + " of " + total + ")";
        return detail == null ? note : detail + " " + note;
    }

    /** {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG}; the SD element repeats the event id. */
    byte[] format(OutboundEvent event) {
        int severity = "success".equals(event.outcome()) ? 5 : 4;
        return ("<" + (FACILITY * 8 + severity) + ">1 " + event.time() + " " + hostname + " tokendesk " + processId + " "
                + printable(event.type()) + " [event@32473 id=\"" + event.id() + "\"] " + event.json())
                .getBytes(StandardCharsets.UTF_8);
    }

    private OutputStream connected() throws IOException {
        if (socket == null) {
            var opened = new Socket();
            opened.connect(address, TIMEOUT_MILLIS);
            opened.setSoTimeout(TIMEOUT_MILLIS);
            socket = opened;
        }
        return socket.getOutputStream();
    }

    /** RFC 5424 MSGID: 1 to 32 printable US-ASCII characters. */
    private static String printable(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c > 32 && c < 127 && out.length() < 32) {
                out.append(c);
            }
        }
        return out.isEmpty() ? "-" : out.toString();
    }

    private static String localHostname() {
        try {
            return printable(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return "-";
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing a broken connection; the next send opens a new one
        }
        socket = null;
        if (datagrams != null) {
            datagrams.close();
            datagrams = null;
        }
    }
}
