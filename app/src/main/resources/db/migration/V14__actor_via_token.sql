-- An event of a change made with an API token names the token too ("owner via token 0123456789abcdef"): a user name
-- of up to 64 characters and that suffix. The journal keeps the same name for the event it writes later.
ALTER TABLE audit_events ALTER COLUMN actor_name SET DATA TYPE VARCHAR(128);
ALTER TABLE bulk_operations ALTER COLUMN actor_name SET DATA TYPE VARCHAR(128);
