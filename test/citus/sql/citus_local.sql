-- Next to distributed sets, the coordinator still has local tables: a plain partitioned table
-- (not known to Citus: figures from the coordinator's own relations) and a Citus local table
-- (citus_add_local_table_to_metadata: its rows live in a shard on the coordinator, figures from
-- there). A distributed set with a foreign key to a reference table (replicated to every node).
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA loc;
SET search_path = loc, public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)

-- A plain local set on the Citus coordinator (registration creates 2026-06 .. 2026-08 and the
-- default partition).
CREATE TABLE plain (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT parent_table, default_partition, created_partitions FROM partman_ext.register_partition_set('plain', 'at', '1 month', premake => 2);
INSERT INTO plain SELECT g, timestamptz '2026-10-01' + g * interval '1 minute' FROM generate_series(1, 400) g;
SELECT count(*) AS in_default FROM ONLY plain_default;
SELECT partition_name, action, rows_moved FROM partman_ext.create_future_partitions('plain', 4) ORDER BY lower_bound::timestamptz;
SELECT (SELECT count(*) FROM ONLY plain_default) AS in_default, (SELECT count(*) FROM plain_p2026_10) AS in_2026_10;
SELECT count(*) AS known_to_citus FROM pg_dist_partition d JOIN pg_class c ON c.oid = d.logicalrelid
 WHERE c.relnamespace = 'loc'::regnamespace AND c.relname LIKE 'plain%';
ANALYZE plain;
SELECT partition_name, est_rows, est_rows = rows_of(partition_name::regclass) AS rows_exact,
       bytes = pg_total_relation_size(partition_name::regclass) AS bytes_local
  FROM partman_ext.list_partitions('plain') ORDER BY lower_bound::timestamptz NULLS LAST;
SELECT partition_name, row_estimate, total_bytes = pg_total_relation_size(partition_name::regclass) AS bytes_local
  FROM partman_ext.partition_stats WHERE parent_table = 'loc.plain' ORDER BY partition_name::text;

-- A Citus local table: the coordinator's shard holds the rows.
CREATE TABLE cl (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE cl_2026_06 PARTITION OF cl FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
SELECT citus_add_local_table_to_metadata('cl');
INSERT INTO cl SELECT g, timestamptz '2026-06-02' + g * interval '1 minute' FROM generate_series(1, 500) g;
-- registration adopts 2026-06 and creates 2026-07 and the default partition
SELECT parent_table, adopted_partitions, default_partition, created_partitions FROM partman_ext.register_partition_set('cl', 'at', '1 month', premake => 1);
INSERT INTO cl SELECT g, timestamptz '2026-08-02' + g * interval '1 minute' FROM generate_series(1, 70) g;
SELECT partition_name, action, rows_moved FROM partman_ext.create_future_partitions('cl', 2) ORDER BY lower_bound::timestamptz;
SELECT (SELECT count(*) FROM ONLY cl_default) AS in_default, (SELECT count(*) FROM cl) AS cl_rows;
SELECT d.logicalrelid, d.partmethod, d.colocationid FROM pg_dist_partition d JOIN pg_class c ON c.oid = d.logicalrelid
 WHERE c.relnamespace = 'loc'::regnamespace AND c.relname LIKE 'cl%' ORDER BY c.relname;
ANALYZE cl;
SELECT partition_name, est_rows, est_rows = rows_of(partition_name::regclass) AS rows_exact,
       bytes = citus_total_relation_size(partition_name::regclass) AS bytes_match,
       pg_total_relation_size(partition_name::regclass) AS shell_bytes
  FROM partman_ext.list_partitions('cl') ORDER BY lower_bound::timestamptz NULLS LAST;

-- A reference table, and a distributed set referring to it: Citus needs one connection per node
-- for such a table's DDL inside a transaction (partman_ext sets citus.multi_shard_modify_mode =
-- sequential for it), or creating a partition ends in a distributed deadlock.
CREATE TABLE tenant (id int PRIMARY KEY, name text);
SELECT create_reference_table('tenant');
INSERT INTO tenant SELECT g, 'tenant ' || g FROM generate_series(1, 20) g;
CREATE TABLE orders (id bigint NOT NULL, tenant_id int NOT NULL REFERENCES tenant (id), at timestamptz NOT NULL)
    PARTITION BY RANGE (at);
SELECT create_distributed_table('orders', 'id');
SELECT parent_table, default_partition, created_partitions FROM partman_ext.register_partition_set('orders', 'at', '1 month', premake => 1);
INSERT INTO orders SELECT g, g % 20 + 1, timestamptz '2026-09-01' + g * interval '1 hour' FROM generate_series(1, 200) g;
SELECT partition_name, action, rows_moved FROM partman_ext.create_future_partitions('orders', 3) ORDER BY lower_bound::timestamptz;
SELECT (SELECT count(*) FROM ONLY orders_default) AS in_default, (SELECT count(*) FROM orders) AS orders_rows;
-- several sets in one transaction: a set without such a key first (its queries would run in
-- parallel, after which Citus can no longer switch to one connection per node for the second).
-- Registration creates each set's partitions (2026-06 .. 2026-08) and default partition; the
-- maintenance of both that follows in the same transaction finds nothing left to do.
CREATE TABLE visits (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE refunds (id bigint NOT NULL, tenant_id int NOT NULL REFERENCES tenant (id), at timestamptz NOT NULL)
    PARTITION BY RANGE (at);
SELECT create_distributed_table('visits', 'id');
SELECT create_distributed_table('refunds', 'id');
BEGIN;
SELECT r.parent_table, r.default_partition, r.created_partitions FROM unnest(ARRAY['visits', 'refunds']) WITH ORDINALITY t(name, n),
       LATERAL partman_ext.register_partition_set(t.name::regclass, 'at', '1 month', premake => 2) r ORDER BY t.n;
SELECT t.name, count(m.action) AS actions FROM unnest(ARRAY['visits', 'refunds']) WITH ORDINALITY t(name, n)
       LEFT JOIN LATERAL partman_ext.run_partition_maintenance(t.name::regclass, false) m ON true GROUP BY t.name, t.n ORDER BY t.n;
COMMIT;
SELECT c.relname, count(*) AS partitions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent
 WHERE i.inhparent IN ('visits'::regclass, 'refunds'::regclass) GROUP BY 1 ORDER BY 1;
-- the reference table's figures: rows from one copy, bytes of every copy (as Citus counts them)
ANALYZE tenant;
SELECT s.shards, s.est_rows, (SELECT count(*) FROM tenant) AS tenant_rows,
       s.total_bytes = citus_total_relation_size('tenant') AS bytes_match,
       (SELECT count(*) FROM pg_dist_shard_placement p JOIN pg_dist_shard d USING (shardid) WHERE d.logicalrelid = 'tenant'::regclass) AS copies
  FROM partman_ext._citus_stats(ARRAY['tenant'::regclass::oid]) s;
ANALYZE orders;
SELECT partition_name, est_rows = rows_of(partition_name::regclass) AS rows_exact,
       bytes = citus_total_relation_size(partition_name::regclass) AS bytes_match
  FROM partman_ext.list_partitions('orders') ORDER BY lower_bound::timestamptz NULLS LAST;
-- every set's summary still reads (distributed, Citus local and plain sets side by side)
SELECT parent_table, status, total_rows FROM partman_ext.partition_health_summary s JOIN pg_class r ON r.oid = s.parent_table WHERE r.relnamespace = 'loc'::regnamespace ORDER BY s.parent_table::text;
