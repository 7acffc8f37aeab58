-- Telegraf-style agents as their heartbeats report them; one row per instance_id, updated on every heartbeat
CREATE TABLE agents (
    id                CHAR(16)                 NOT NULL PRIMARY KEY,
    instance_id       VARCHAR(255)             NOT NULL,
    hostname          VARCHAR(255),
    version           VARCHAR(255),
    status            VARCHAR(32),
    statistics        CHARACTER LARGE OBJECT,
    configurations    CHARACTER LARGE OBJECT,
    first_seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the token that sent the last heartbeat; no foreign key, so deleting a token keeps its agents
    last_token_id     CHAR(16),
    CONSTRAINT agents_instance_id_unique UNIQUE (instance_id)
);
CREATE INDEX agents_last_heartbeat_idx ON agents (last_heartbeat_at);
CREATE INDEX agents_hostname_idx ON agents (hostname);

-- Telegraf configurations (TOML) that agents fetch with a configs:read token
CREATE TABLE configs (
    id          CHAR(16)                 NOT NULL PRIMARY KEY,
    name        VARCHAR(255)             NOT NULL,
    toml        CHARACTER LARGE OBJECT   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  CHAR(16)                 REFERENCES users (id) ON DELETE SET NULL,
    updated_by  CHAR(16)                 REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT configs_name_unique UNIQUE (name)
);
CREATE INDEX configs_updated_idx ON configs (updated_at);
