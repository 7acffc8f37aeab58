-- Tokens for chosen configs (SPEC 10.4): a token's configs permission may name the configs it covers,
-- "configs:read:<configId>". Each named config is a row here with the highest action asked for it; the tokens'
-- permissions column keeps the permissions on every config and the other resources. A config that is deleted drops
-- out of the tokens that named it in the delete's own transaction (ON DELETE CASCADE); a token left without rows has
-- no configs permission.
CREATE TABLE token_configs (
    token_id  CHAR(16)   NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    config_id CHAR(16)   NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
    action    VARCHAR(5) NOT NULL,
    CONSTRAINT token_configs_pk PRIMARY KEY (token_id, config_id),
    CONSTRAINT token_configs_action CHECK (action IN ('read', 'write'))
);
-- the cascade of a config's delete finds its rows by this index, not by a scan
CREATE INDEX token_configs_config_idx ON token_configs (config_id);

-- The permissions as asked for now hold up to 100 named configs of 30 characters each (TokenRules.MAX_CONFIGS).
ALTER TABLE tokens ALTER COLUMN requested_permissions SET DATA TYPE VARCHAR(4000);
