-- at most one Owner, whatever the application does: NULL for every other role, and NULLs do not collide
ALTER TABLE users ADD COLUMN owner_guard INT GENERATED ALWAYS AS (CASE WHEN role = 'OWNER' THEN 1 END);
CREATE UNIQUE INDEX users_one_owner ON users (owner_guard);
