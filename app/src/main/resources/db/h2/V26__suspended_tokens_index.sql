-- The Suspended filter finds its tokens through an index instead of reading every token (1,000,000 tokens: a scan of
-- all of them for none). The index is on a copy of suspended_at that no other query names: H2 answers
-- "suspended_at IS NULL" (the Active and Expired filters, the unused-token sweep) from any index on suspended_at
-- itself, a row lookup per token (V19). Its entries are read by a range (> 1970), which H2 serves from the index and
-- IS NOT NULL it does not.
ALTER TABLE tokens ADD COLUMN suspended_since TIMESTAMP WITH TIME ZONE GENERATED ALWAYS AS (suspended_at);
CREATE INDEX tokens_suspended_since_idx ON tokens (suspended_since);
