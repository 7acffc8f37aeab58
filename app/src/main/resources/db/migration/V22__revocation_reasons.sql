-- Why a token was revoked when no person chose it (SPEC §10.3 "Unused for N days"): on the journaled bulk revoke
-- that does it, and on each revocation row it writes, for the token's page. NULL for revocations people make.
ALTER TABLE bulk_operations ADD COLUMN reason VARCHAR(100);
ALTER TABLE token_revocations ADD COLUMN reason VARCHAR(100);
