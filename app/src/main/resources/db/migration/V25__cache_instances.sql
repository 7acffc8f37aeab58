-- The instances caching reads of a shared database (PostgreSQL; unused on H2, which one process owns): each holds a
-- lease on its cache and records the newest invalidation it has applied; a change waits until every instance with a
-- live lease has seen it (see shared.ClusterInvalidation and docs/scale-out.md).
CREATE TABLE cache_instances (
    instance_id VARCHAR(64) PRIMARY KEY,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_generation BIGINT NOT NULL
);

CREATE SEQUENCE cache_generation;
