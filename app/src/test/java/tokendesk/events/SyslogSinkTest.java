package tokendesk.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Syslog over UDP, to a real receiver on loopback: one RFC 5424 datagram per event, never above 8 KB. */
class SyslogSinkTest {

    @Test
    void aBulkEventIsCutToItsFirstTargetsToFitOneDatagram() throws Exception {
        try (var receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                var sink = new SyslogSink(URI.create("udp://127.0.0.1:" + receiver.getLocalPort()))) {
            receiver.setSoTimeout(10_000);
            var targets = IntStream.range(0, 5_000).mapToObj(i -> String.format("%016x", i)).toList();
            sink.send(new OutboundEvent(7, "2026-12-04T10:00:00Z", "token.revoked", "owner", targets, "success",
                    "10.0.0.1", "bulk revoke"));
            sink.send(new OutboundEvent(8, "2026-12-04T10:00:01Z", "sign-in", "mallory", List.of(), "failure",
                    "10.0.0.2", null));

            var bulk = receive(receiver);
            assertTrue(bulk.length() <= SyslogSink.MAX_MESSAGE, "within 8 KB: " + bulk.length());
            assertTrue(bulk.startsWith("<109>1 2026-12-04T10:00:00Z "), bulk);
            assertTrue(bulk.contains(" tokendesk "), bulk);
            assertTrue(bulk.contains(" token.revoked [event@32473 id=\"7\"] {\"id\":7,"), bulk);
            assertTrue(bulk.contains("\"targets\":[\"0000000000000000\","), bulk);
            assertTrue(bulk.matches(".*\"detail\":\"bulk revoke \\(targets: the first \\d+ of 5000\\)\"}$"), bulk);

            var failure = receive(receiver);
            assertTrue(failure.startsWith("<108>1 "), "a failure is a warning: " + failure);
            assertTrue(failure.endsWith("\"targets\":[],\"outcome\":\"failure\",\"address\":\"10.0.0.2\",\"detail\":null}"),
                    failure);
        }
    }

    private static String receive(DatagramSocket receiver) throws Exception {
        var packet = new DatagramPacket(new byte[65_536], 65_536);
        receiver.receive(packet);
        assertEquals(0, packet.getOffset());
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }
}
