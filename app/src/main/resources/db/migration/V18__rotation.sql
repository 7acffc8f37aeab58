-- Rotation with a grace window (SPEC 9.1). While a window is open the token has two values: its digest, and the
-- previous value's digest, kept only until previous_valid_until (then cleared, TokenRotation.sweep), with that
-- value's own last use, so an admin sees which agents still send it.
ALTER TABLE tokens ADD COLUMN previous_digest CHAR(64);
ALTER TABLE tokens ADD COLUMN previous_valid_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE tokens ADD COLUMN previous_last_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tokens ADD COLUMN previous_last_used_from VARCHAR(64);
-- when the current value was made (NULL: at creation): a rotation's default expiry is the lifetime again, from now
ALTER TABLE tokens ADD COLUMN rotated_at TIMESTAMP WITH TIME ZONE;
-- "Allow this token to rotate itself", chosen at creation
ALTER TABLE tokens ADD COLUMN self_rotate BOOLEAN DEFAULT FALSE NOT NULL;
-- the lookup of a presented value that is not a current one
CREATE INDEX tokens_previous_digest_idx ON tokens (previous_digest);

-- Values rotated out, by a fingerprint: the first 16 hex characters of the value's digest. It tells a refused request
-- that sent an old value ("Rotated-out value used") and can authenticate nothing: authentication matches whole digests.
CREATE TABLE retired_values (
    fingerprint CHAR(16)                 NOT NULL,
    token_id    CHAR(16)                 NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    retired_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX retired_values_fingerprint_idx ON retired_values (fingerprint);
CREATE INDEX retired_values_token_idx ON retired_values (token_id);
-- the sweep that forgets previous values whose window has ended
CREATE INDEX tokens_previous_valid_until_idx ON tokens (previous_valid_until);
