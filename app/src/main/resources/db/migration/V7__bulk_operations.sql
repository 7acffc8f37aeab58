-- Issue 7: a bulk revoke or delete is journaled here (committed) before its one big transaction runs, and the row
-- is deleted in a transaction of its own after that one committed. A row found at startup is an operation a crash
-- interrupted, possibly part-applied by the database's recovery: startup completes it (TokenService).
-- Plain SQL that H2 and PostgreSQL both accept.
CREATE TABLE bulk_operations (
    id          CHAR(16)                 NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)              NOT NULL,
    actor_id    CHAR(16),
    actor_name  VARCHAR(64),
    source_ip   VARCHAR(64),
    -- the ids to change, space-separated, in the order asked for: up to MAX_BULK (50,000) of 17 characters
    token_ids   VARCHAR(1000000)         NOT NULL,
    -- also the change's own time (revoked_at), so a completed revoke has one revocation time
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the audit event of a journaled operation names it: recovery writes the event only when the change's own
-- transaction did not commit one
ALTER TABLE audit_events ADD COLUMN operation_id CHAR(16);
CREATE INDEX audit_events_operation_idx ON audit_events (operation_id);
