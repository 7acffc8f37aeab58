-- at most one Owner, whatever the application does (PostgreSQL: a partial unique index instead of H2's generated column)
CREATE UNIQUE INDEX users_one_owner ON users (role) WHERE role = 'OWNER';
