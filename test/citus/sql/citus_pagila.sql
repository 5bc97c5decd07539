-- pagila's payment table distributed by payment_id (32 shards on the worker): the foundation's
-- pagila scenario step by step, with count(*) at every step. create_distributed_table copies the
-- rows into the shards and leaves the old local data on the coordinator's disk (Citus says so):
-- partman_ext must ignore it and read the shards.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
\set ECHO none
\o /dev/null
\i test/data/pagila/payment.sql
\o
\set ECHO all
SET search_path = public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)
SELECT create_distributed_table('payment', 'payment_id');
SELECT count(*) AS payment_rows FROM payment;
-- registration adopts the 7 partitions of 2022 and creates the present: the gap fill from 2023-06
-- (what retention keeps) and premake up to 2026-10 (now + 4 months), 41 partitions, and the
-- default partition; it removes nothing (retention waits for the next regular maintenance run:
-- no maintenance job is enabled in this suite, so one hour from now)
SELECT parent_table, strategy, adopted_partitions, default_partition, created_partitions, rows_moved, retention_not_before
  FROM partman_ext.register_partition_set('payment', 'payment_date', '1 month', premake => 4, retention => '36 months', retention_mode => 'detach');
SELECT count(*) AS created, min(lower_bound::timestamptz) AS first_lower, max(upper_bound::timestamptz) AS last_upper
  FROM partman_ext.list_partitions('payment') WHERE lower_bound::timestamptz >= '2023-01-01';
-- the default partition made by registration is distributed and co-located with payment
SELECT count(*) AS distributed, count(DISTINCT colocationid) AS colocation_groups
  FROM pg_dist_partition WHERE logicalrelid IN ('payment'::regclass, 'payment_default'::regclass);
-- every new partition is distributed, co-located, and has its 32 shards on the worker
SELECT count(*) AS partitions,
       count(*) FILTER (WHERE d.colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'payment'::regclass)) AS colocated,
       min(s.shards) AS min_shards, max(s.shards) AS max_shards
  FROM pg_inherits i
  LEFT JOIN pg_dist_partition d ON d.logicalrelid = i.inhrelid::regclass
  LEFT JOIN (SELECT logicalrelid, count(*) AS shards FROM pg_dist_shard GROUP BY 1) s ON s.logicalrelid = i.inhrelid::regclass
 WHERE i.inhparent = 'payment'::regclass;
SELECT count(*) AS payment_rows FROM payment;

-- Relocation: rows arrive for months that have no partition yet (2026-11 beyond premake, 2027-03
-- far ahead); they sit in the default partition, i.e. in its shards on the worker.
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
SELECT g % 599 + 1, 1, g, 1.00, timestamptz '2026-11-01' + (g % 30) * interval '1 day' + interval '7 hours' FROM generate_series(1, 500) g;
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
SELECT g % 599 + 1, 2, g, 2.00, timestamptz '2027-03-01' + (g % 28) * interval '1 day' FROM generate_series(1, 100) g;
SELECT count(*) AS in_default FROM ONLY payment_default;
-- the dry run sees the rows (the coordinator's own payment_default is empty) and changes nothing
SELECT partition_name, action, rows_moved FROM partman_ext.create_future_partitions('payment', 5, dry_run => true);
SELECT count(*) AS in_default FROM ONLY payment_default;
-- premake 5 creates 2026-11 and moves its 500 rows out of the default partition (through the
-- parent: DELETE .. RETURNING into INSERT, rows pass through the coordinator)
SELECT partition_name, action, rows_moved, message FROM partman_ext.create_future_partitions('payment', 5);
SELECT (SELECT count(*) FROM ONLY payment_default) AS in_default, (SELECT count(*) FROM payment_p2026_11) AS in_2026_11,
       (SELECT count(*) FROM payment) AS payment_rows;
SELECT colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'payment'::regclass) AS colocated
  FROM pg_dist_partition WHERE logicalrelid = 'payment_p2026_11'::regclass;
-- empty_default_partition: the 2027-03 rows get a partition of their own
SELECT partition_name, action, rows_moved FROM partman_ext.empty_default_partition('payment', dry_run => true);
SELECT partition_name, action, rows_moved FROM partman_ext.empty_default_partition('payment');
SELECT (SELECT count(*) FROM ONLY payment_default) AS in_default, (SELECT count(*) FROM payment_p2027_03) AS in_2027_03,
       (SELECT count(*) FROM payment) AS payment_rows;

-- Retention (36 months, detach): the 2022 partitions. Row estimates come from the shards
-- (ANALYZE reaches them) and equal count(*); bytes equal citus_total_relation_size.
ANALYZE payment;
SELECT partition_name, action, est_rows, est_rows = rows_of(partition_name::regclass) AS est_rows_exact,
       bytes = citus_total_relation_size(partition_name::regclass) AS bytes_match
  FROM partman_ext.drop_old_partitions('payment', 36, true) ORDER BY lower_bound::timestamptz;
SELECT partition_name, action FROM partman_ext.drop_old_partitions('payment', 36, false) ORDER BY lower_bound::timestamptz;
SELECT count(*) AS attached_2022 FROM pg_inherits WHERE inhparent = 'payment'::regclass AND inhrelid::regclass::text LIKE 'payment_p2022%';
-- the detached tables are still distributed and hold every row
SELECT count(*) AS detached_distributed FROM pg_dist_partition WHERE logicalrelid::text LIKE 'payment_p2022%';
SELECT (SELECT count(*) FROM payment_p2022_01) + (SELECT count(*) FROM payment_p2022_02) + (SELECT count(*) FROM payment_p2022_03)
     + (SELECT count(*) FROM payment_p2022_04) + (SELECT count(*) FROM payment_p2022_05) + (SELECT count(*) FROM payment_p2022_06)
     + (SELECT count(*) FROM payment_p2022_07) AS rows_detached,
       (SELECT count(*) FROM payment) AS rows_attached;
-- a second pass has nothing to do
SELECT count(*) AS second_pass FROM partman_ext.run_partition_maintenance('payment', false);
