-- A suspended token cannot authenticate until it is resumed (SPEC 9.2). Unlike a revocation, which is permanent and
-- a row of token_revocations, a suspension comes and goes: two nullable columns of the token, set by "Suspend" and
-- cleared by "Resume". Revoked wins over suspended wherever a status is derived (TokenDao.STATUS).
ALTER TABLE tokens ADD COLUMN suspended_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tokens ADD COLUMN suspended_by CHAR(16);
ALTER TABLE tokens ADD CONSTRAINT tokens_suspended_by_fk FOREIGN KEY (suspended_by) REFERENCES users (id) ON DELETE SET NULL;
-- the "Suspended" filter of the list
CREATE INDEX tokens_suspended_idx ON tokens (suspended_at);

-- The permissions as the creator listed them, in their order and with a read next to a write kept ("tokens:read,
-- configs:read,configs:write"): /api/v2/authorizations echoes exactly what was asked for, as InfluxDB does, while
-- the permissions column keeps the highest action per resource that every check uses. NULL for tokens made before.
ALTER TABLE tokens ADD COLUMN requested_permissions VARCHAR(1000);
