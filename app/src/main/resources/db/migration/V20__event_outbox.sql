-- The event outbox (SPEC §10.2): a row per audit event and configured sink, written in the event's own transaction
-- and deleted once the sink has taken the event; what is left is what a sink still waits for.
CREATE TABLE event_outbox (
    sink     VARCHAR(16) NOT NULL,
    event_id BIGINT      NOT NULL,
    PRIMARY KEY (sink, event_id)
);

-- A row per sink: which instance delivers to it (the holder of an unexpired lease; one at a time keeps the order),
-- and how its last tries went (shown on the Audit page; retry_at is when the next try may start).
CREATE TABLE event_sinks (
    name          VARCHAR(16)              NOT NULL PRIMARY KEY,
    holder        CHAR(16),
    lease_until   TIMESTAMP WITH TIME ZONE,
    failures      INT                      NOT NULL DEFAULT 0,
    retry_at      TIMESTAMP WITH TIME ZONE,
    last_error    VARCHAR(500),
    last_error_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO event_sinks (name) VALUES ('webhook');
INSERT INTO event_sinks (name) VALUES ('syslog');
