-- Secrets the server signs with (the sign-in form's CSRF token, device cookies). Created once by the first instance
-- that starts and read by every instance on the database, so a value signed by one instance checks on another.
CREATE TABLE server_secrets (
    name   VARCHAR(32)  NOT NULL PRIMARY KEY,
    secret VARCHAR(128) NOT NULL
);

-- Failed sign-ins presented with a valid device cookie (OWASP "device cookies"), counted per cookie: such failures
-- lock out only that cookie, never the user. A row exists only for a cookie the server signed at a successful sign-in.
CREATE TABLE device_lockouts (
    device         CHAR(32)                 NOT NULL PRIMARY KEY,
    user_id        CHAR(16)                 NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    failures       INT                      NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE,
    last_failed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX device_lockouts_user_idx ON device_lockouts (user_id);
