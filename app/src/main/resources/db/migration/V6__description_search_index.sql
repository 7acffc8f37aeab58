-- Substring search reads (description, id) from this index alone: a scan of narrow index entries instead of
-- every 20-column token row (110,000 tokens: ~40 ms instead of ~250 ms in H2).
CREATE INDEX tokens_description_id_idx ON tokens (description, id);
