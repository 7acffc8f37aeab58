-- A bulk revoke takes effect at one moment, as one transaction would (issue 5). On H2 it is written in steps (see
-- BulkChanges), and its revocation rows carry the operation's id: a row whose operation is still in the journal
-- (bulk_operations) does not count yet (TokenDao.EFFECTIVE). The operation's last step deletes the journal header in
-- the same transaction as its own rows, so every token of it turns revoked at once, for every reader; a crash
-- before that leaves the rows uncounted until the next start completes the operation. NULL: a revocation of its own.
ALTER TABLE token_revocations ADD COLUMN operation_id CHAR(16);
