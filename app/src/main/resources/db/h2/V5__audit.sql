-- the audit trail (SPEC §7): one row per state change, written in the change's own transaction.
-- No foreign keys: an event outlives the user and the tokens it names; actor_name keeps the name as it was.
CREATE TABLE audit_events (
    id           BIGINT AUTO_INCREMENT    NOT NULL PRIMARY KEY,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id     CHAR(16),
    actor_name   VARCHAR(64),
    action       VARCHAR(32)              NOT NULL,
    target_type  VARCHAR(16),
    -- the ids a change touched, space-separated (a bulk change is one event); target_count of them
    target_ids   CHARACTER LARGE OBJECT,
    target_count INT                      NOT NULL,
    outcome      VARCHAR(16)              NOT NULL,
    source_ip    VARCHAR(64),
    detail       VARCHAR(1000)
);
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_name, at);
CREATE INDEX audit_events_action_idx ON audit_events (action, at);
