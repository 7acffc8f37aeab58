-- The expiry notices already sent (SPEC 9.3): one row per token, kind ('expiring', 'expired') and the expiry it
-- announced, inserted in the transaction of the notice's audit event. The key lets one instance win a notice that
-- several scan for at once, so each is sent once, also across restarts; a rotated token with a new expiry has a new
-- key and is warned again. The rows go with their token; the key's leading token_id serves that cascade.
CREATE TABLE token_expiry_notices (
    token_id   CHAR(16)                 NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    kind       VARCHAR(16)              NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (token_id, kind, expires_at)
);
