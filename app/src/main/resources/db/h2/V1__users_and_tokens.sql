CREATE TABLE users (
    id              CHAR(16)                 NOT NULL PRIMARY KEY,
    username        VARCHAR(64)              NOT NULL,
    password_hash   VARCHAR(255)             NOT NULL,
    role            VARCHAR(16)              NOT NULL,
    disabled        BOOLEAN                  DEFAULT FALSE NOT NULL,
    failed_logins   INT                      DEFAULT 0 NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username)
);

CREATE TABLE tokens (
    id              CHAR(16)                 NOT NULL PRIMARY KEY,
    description     VARCHAR(255)             NOT NULL,
    digest          CHAR(64)                 NOT NULL,
    hint            VARCHAR(4)               NOT NULL,
    owner_id        CHAR(16)                 NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permissions     VARCHAR(1000)            NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      CHAR(16)                 REFERENCES users (id) ON DELETE SET NULL,
    expires_at      TIMESTAMP WITH TIME ZONE,
    status          VARCHAR(16)              NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    revoked_by      CHAR(16)                 REFERENCES users (id) ON DELETE SET NULL,
    first_used_at   TIMESTAMP WITH TIME ZONE,
    last_used_at    TIMESTAMP WITH TIME ZONE,
    last_used_from  VARCHAR(64),
    last_used_agent VARCHAR(512),
    source          VARCHAR(16)              NOT NULL,
    CONSTRAINT tokens_digest_unique UNIQUE (digest),
    CONSTRAINT tokens_description_unique UNIQUE (description)
);

-- one index per filter and sort the list page offers
CREATE INDEX tokens_owner_idx ON tokens (owner_id);
CREATE INDEX tokens_status_expires_idx ON tokens (status, expires_at);
CREATE INDEX tokens_created_idx ON tokens (created_at);
CREATE INDEX tokens_expires_idx ON tokens (expires_at);
CREATE INDEX tokens_last_used_idx ON tokens (last_used_at);

-- a token's own history (the "Activity" tab); removed with the token
CREATE TABLE token_events (
    id              BIGINT AUTO_INCREMENT    NOT NULL PRIMARY KEY,
    token_id        CHAR(16)                 NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    kind            VARCHAR(32)              NOT NULL,
    actor_id        CHAR(16)                 REFERENCES users (id) ON DELETE SET NULL,
    detail          VARCHAR(1000)
);
CREATE INDEX token_events_token_idx ON token_events (token_id, at);
