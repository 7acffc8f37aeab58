-- A bulk revoke takes effect at one moment, as one transaction would (issue 5). On H2 it is written in steps (see
-- BulkChanges), and its revocation rows carry the operation's id: a row whose operation is still in the journal
-- (bulk_operations) does not count yet (TokenDao.EFFECTIVE). The operation's last step deletes the journal header in
-- the same transaction as its own rows, so every token of it turns revoked at once, for every reader; a crash
-- before that leaves the rows uncounted until the next start completes the operation. NULL: a revocation of its own.
ALTER TABLE token_revocations ADD COLUMN operation_id CHAR(16);

-- A bulk revoke a crash interrupted before this version wrote its rows without its id: they are its own when they
-- carry its time and its actor (or no actor, deleted since), as recovery told them apart before. With its id they
-- wait, like the rest of it, for the start to complete it, which names them in its one audit event.
UPDATE token_revocations SET operation_id = (
        SELECT MIN(b.id) FROM bulk_operations b
        WHERE b.kind = 'REVOKE' AND b.started_at = token_revocations.revoked_at
            AND (b.actor_id = token_revocations.revoked_by OR token_revocations.revoked_by IS NULL))
    WHERE revoked_at IN (SELECT started_at FROM bulk_operations WHERE kind = 'REVOKE');
