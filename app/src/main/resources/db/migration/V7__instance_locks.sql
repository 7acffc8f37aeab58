-- A row per startup task that several instances on one database must not run at once: an instance holds the row
-- (SELECT ... FOR UPDATE) while it runs the task; another waits, then finds the work done.
CREATE TABLE instance_locks (
    name VARCHAR(32) NOT NULL PRIMARY KEY
);
INSERT INTO instance_locks (name) VALUES ('provisioning');
