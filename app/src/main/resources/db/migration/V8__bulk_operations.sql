-- Issue 7: a bulk revoke or delete is journaled here before it changes anything, in a small transaction of its own:
-- its ids in parts first, then the header row, so a header means the whole list is there. The change then runs (on
-- H2 in steps of a few hundred tokens or fewer, one transaction each, see BulkChanges) and its last transaction writes
-- the audit event and deletes the journal. A header found at startup is an operation a crash interrupted: startup completes it. Parts without a
-- header are a journal write the crash cut off, and are dropped. Plain SQL that H2 and PostgreSQL both accept.
CREATE TABLE bulk_operations (
    id          CHAR(16)                 NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)              NOT NULL,
    actor_id    CHAR(16),
    actor_name  VARCHAR(64),
    source_ip   VARCHAR(64),
    token_count INT                      NOT NULL,
    -- also the change's own time (revoked_at), so a completed revoke has one revocation time
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the ids to change, space-separated, in the order asked for: up to 200 of 16 characters a part
CREATE TABLE bulk_operation_parts (
    operation_id CHAR(16)      NOT NULL,
    part         INT           NOT NULL,
    token_ids    VARCHAR(4000) NOT NULL,
    PRIMARY KEY (operation_id, part)
);

-- the audit event of a journaled operation names it: recovery writes the event only when the change did not
ALTER TABLE audit_events ADD COLUMN operation_id CHAR(16);
CREATE INDEX audit_events_operation_idx ON audit_events (operation_id);
