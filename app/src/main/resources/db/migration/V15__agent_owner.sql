-- The user an agent belongs to: the owner of the token that first reported it. Null means unowned (reported
-- without a token, or its user is gone); the next token that reports it claims it. Existing agents belong to the
-- owner of the token that reported them last, while that token exists.
ALTER TABLE agents ADD COLUMN owner_id CHAR(16);
UPDATE agents SET owner_id = (SELECT t.owner_id FROM tokens t WHERE t.id = agents.last_token_id);
ALTER TABLE agents ADD CONSTRAINT agents_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX agents_owner_idx ON agents (owner_id);
