package tokendesk.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestDatabase;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.WebClient;

/** SPEC §10.2: every audit event reaches the webhook and syslog, signed, in order, late rather than never. */
class EventSinksTest {
    private static final String SECRET = "webhook-secret";
    private static final Pattern SYSLOG = Pattern.compile(
            "^<(\\d+)>1 (\\S+) (\\S+) tokendesk (\\d+) (\\S+) \\[event@32473 id=\"(\\d+)\"] (\\{.*})$");

    private static Receivers.Webhook webhook;
    private static Receivers.SyslogTcp syslog;
    private static TestServer server;
    private static WebClient owner;

    @BeforeAll
    static void start() throws Exception {
        webhook = new Receivers.Webhook();
        syslog = new Receivers.SyslogTcp();
        server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withEvents(new EventSinkSettings(webhook.url(), SECRET, syslog.url())));
        owner = server.owner();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        webhook.close();
        syslog.close();
    }

    @Test
    void everyEventReachesBothSinksSignedAndInOrderWithoutTokenValues() {
        var created = List.of(Tokens.create(server, owner, "events-a"), Tokens.create(server, owner, "events-b"));
        until("both sinks took every event", () -> outboxEmpty(server));

        var recorded = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM audit_events ORDER BY id")
                .mapTo(Long.class).list());
        assertEquals(recorded, webhook.ids(), "the webhook gets every event once, oldest first");
        for (var delivery : webhook.received) {
            assertEquals("sha256=" + hmac(SECRET.getBytes(StandardCharsets.UTF_8),
                    delivery.body().getBytes(StandardCharsets.UTF_8)), delivery.signature());
            for (var token : created) {
                assertFalse(delivery.body().contains(token.value()), "no token value in an event");
            }
            assertFalse(delivery.body().contains("tc-apiv1_"));
            assertNotEquals("sha256=" + hmac("wrong secret".getBytes(StandardCharsets.UTF_8),
                    delivery.body().getBytes(StandardCharsets.UTF_8)), delivery.signature(), "a wrong secret fails the check");
        }
        var last = webhook.received.get(webhook.received.size() - 1).body();
        assertTrue(last.startsWith("{\"id\":" + recorded.get(recorded.size() - 1) + ",\"time\":\"20"), last);
        assertTrue(last.contains("\"type\":\"token.created\",\"actor\":\"owner\",\"targets\":[\"" + created.get(1).id()
                + "\"],\"outcome\":\"success\",\"address\":\"127.0.0.1\""), last);

        var syslogIds = syslog.messages.stream().map(message -> {
            var m = SYSLOG.matcher(message);
            assertTrue(m.matches(), message);
            assertEquals("109", m.group(1), "facility log audit, severity notice");
            var json = m.group(7);
            assertTrue(json.startsWith("{\"id\":" + m.group(6) + ","), json);
            return Long.parseLong(m.group(6));
        }).toList();
        assertEquals(recorded, syslogIds, "syslog gets the same events in the same order");
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheEventLaterAndTheAuditPageSaysSo() {
        until("earlier events delivered", () -> outboxEmpty(server));
        webhook.failNext.set(3);
        int before = webhook.received.size();
        var token = Tokens.create(server, owner, "events-while-failing");
        until("a failed try", () -> server.count("SELECT failures FROM event_sinks WHERE name = 'webhook'") >= 1);

        var audit = owner.get("/audit").body();
        assertTrue(audit.contains("1 event waiting for the webhook"), audit);
        assertTrue(audit.contains("the webhook answered 500"), audit);
        assertTrue(owner.get("/metrics").body().contains("tokendesk_events_waiting{sink=\"webhook\"} 1.0"));
        assertEquals(before, webhook.received.size());

        until("the event delivered after three 500s", () -> outboxEmpty(server));
        assertTrue(webhook.received.get(webhook.received.size() - 1).body().contains(token.id()));
        assertEquals(before + 1, webhook.received.size(), "delivered once");
        assertFalse(owner.get("/audit").body().contains("waiting for the webhook"));
        assertEquals(0, server.count("SELECT failures FROM event_sinks WHERE name = 'webhook'"));
        assertTrue(owner.get("/metrics").body()
                .contains("tokendesk_event_deliveries_total{outcome=\"failed\",sink=\"webhook\"} 3.0"));
    }

    /** Events recorded while the receiver is down outlive the instance; of several instances one delivers each. */
    @Test
    void eventsOutliveARestartAndSeveralInstancesDeliverEachOnce() throws Exception {
        var database = TestDatabase.fresh();
        try (var receiver = new Receivers.Webhook()) {
            var down = new EventSinkSettings(URI.create("http://127.0.0.1:" + Receivers.closedPort() + "/hook"), null, null);
            try (var first = TestServer.sharing(database, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                    .withEvents(down))) {
                Tokens.create(first, first.owner(), "made-while-down");
                until("a failed try", () -> first.count("SELECT failures FROM event_sinks WHERE name = 'webhook'") >= 1);
            }
            var up = new EventSinkSettings(receiver.url(), null, null);
            try (var second = TestServer.sharing(database, c -> c.withEvents(up));
                    var third = TestServer.sharing(database, c -> c.withEvents(up))) {
                Tokens.create(second, second.owner(), "made-on-second");
                Tokens.create(third, third.owner(), "made-on-third");
                until("every event delivered", () -> outboxEmpty(second));
                var recorded = second.jdbi().withHandle(h -> h.createQuery("SELECT id FROM audit_events ORDER BY id")
                        .mapTo(Long.class).list());
                assertEquals(recorded, receiver.ids(), "each event once, in order, though two instances deliver");
                assertEquals(recorded.size(), new HashSet<>(receiver.ids()).size());
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    /** SPEC 9.3's notices are events of the server itself, sent like any other. */
    @Test
    void anExpiryNoticeReachesTheWebhookAsAnEventOfTheSystem() throws Exception {
        var database = TestDatabase.fresh();
        try (var receiver = new Receivers.Webhook()) {
            var up = new EventSinkSettings(receiver.url(), null, null);
            try (var first = TestServer.sharing(database, c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                    .withEvents(up))) {
                var soon = Tokens.create(first, first.owner(), "expiring-in-a-week", "read", "7d");
                TestServer.sharing(database, c -> c.withEvents(up)).close(); // scans at its start
                until("the notice delivered", () -> outboxEmpty(first));
                var notice = receiver.received.stream().map(Receivers.Delivery::body)
                        .filter(body -> body.contains("\"type\":\"token.expiring\"")).toList();
                assertEquals(1, notice.size(), receiver.received.toString());
                assertTrue(notice.get(0).contains("\"type\":\"token.expiring\",\"actor\":\"(system)\",\"targets\":[\""
                        + soon.id() + "\"],\"outcome\":\"success\",\"address\":null,\"detail\":\"expiresAt=20"), notice.get(0));
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    /** The receiver's own check, with the JDK's HMAC: not the server's code. */
    private static String hmac(byte[] secret, byte[] body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean outboxEmpty(TestServer server) {
        return server.count("SELECT COUNT(*) FROM event_outbox") == 0;
    }

    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
