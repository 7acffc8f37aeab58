-- Substring search of descriptions through a trigram index (pg_trgm) instead of a scan of every description
-- (1,000,000 tokens: ~0.4 s a search on two cores). The LIKE of TokenDao.idsDescribedLike is answered from it for a
-- search text with three letters or digits in a row, and rechecked against each row it finds, so results are those of
-- the scan. pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may create it. Where the user
-- may not, the index is left out and a search scans as before.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX tokens_description_trgm_idx ON tokens USING gin (LOWER(description) gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
    RAISE WARNING 'pg_trgm is not available (%): token searches scan every description', SQLERRM;
END
$$;
