-- V17's index on suspended_at made the Active and Expired filters slow: H2 answered their "suspended_at IS NULL" from
-- it, a lookup of every token's row through that index (bench/run at 100,000 tokens: /tokens?status=active went past
-- its 60 s limit). Without it those filters cost one more column test per row, and the Suspended filter, which matches
-- few tokens and has no target, walks the list's sort order as the Revoked filter does.
DROP INDEX tokens_suspended_idx;
