-- The Suspended filter counts its tokens and finds the ids of its page from this index alone: with the creation time
-- and the id in it, H2 reads no token row for either (a random row read costs ~40 us at 1,000,000 tokens), and then
-- the rows of the page's 50 tokens only (TokenDao#listIdsFirst). Still on suspended_since alone (V26).
DROP INDEX tokens_suspended_since_idx;
CREATE INDEX tokens_suspended_since_idx ON tokens (suspended_since, created_at, id);
