-- bumped whenever a user's sessions must end (password, role, disable, ownership transfer)
ALTER TABLE users ADD COLUMN session_version INT DEFAULT 0 NOT NULL;
CREATE INDEX users_role_idx ON users (role);
