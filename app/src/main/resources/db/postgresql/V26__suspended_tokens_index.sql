-- The Suspended filter finds its tokens through an index instead of reading every token (1,000,000 tokens: a scan of
-- all of them for none). The column is a copy of suspended_at, as on H2, where no index may be on suspended_at itself
-- (see db/h2/V26); here the index holds only the suspended tokens.
ALTER TABLE tokens ADD COLUMN suspended_since TIMESTAMP WITH TIME ZONE GENERATED ALWAYS AS (suspended_at) STORED;
CREATE INDEX tokens_suspended_since_idx ON tokens (suspended_since) WHERE suspended_since IS NOT NULL;
